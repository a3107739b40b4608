using System;
using System.IO;
using HvDsl.Runtime.Cpu;

namespace TinyBoard;

/// <summary>The board's hypercalls: the console and the way out.</summary>
public sealed partial class BoardHypercalls
{
    /// <summary>The most bytes one <c>Print</c> writes, so a guest cannot make the host copy without bound.</summary>
    public const int MaxPrint = 4096;

    /// <summary>Where <c>Print</c> writes.</summary>
    public Stream Console { get; set; } = Stream.Null;

    /// <summary>The status the guest gave <c>Exit</c>, or null before it has called it.</summary>
    public int? ExitStatus { get; private set; }

    /// <summary>Raised with the status when the guest calls <c>Exit</c>.</summary>
    public event Action<int>? ExitRequested;

    private partial ulong Print(IGuestCpu cpu, ulong address, uint length)
    {
        var bytes = new byte[Math.Min(length, MaxPrint)];
        // Through the guest's own view of memory: an address it cannot reach prints nothing.
        if (!cpu.ReadLinearAsGuest(address, bytes)) return 0;
        Console.Write(bytes);
        Console.Flush();
        return (ulong)bytes.Length;
    }

    private partial void Exit(IGuestCpu cpu, byte status)
    {
        ExitStatus = status;
        ExitRequested?.Invoke(status);
    }
}
