using System.Diagnostics;

namespace HvDsl.Runtime;

/// <summary>The VM's notion of time, read by timer devices.</summary>
public interface IClock
{
    /// <summary>Nanoseconds since the VM was created.</summary>
    ulong NowNanoseconds { get; }
}

/// <summary>Deterministic time: a fixed number of nanoseconds per executed guest instruction.</summary>
public sealed class VirtualClock : IClock
{
    private readonly Vm _vm;

    /// <summary>Creates a clock running at <paramref name="nanosecondsPerInstruction"/> (default 1: a 1 GHz guest).</summary>
    public VirtualClock(Vm vm, ulong nanosecondsPerInstruction = 1)
    {
        _vm = vm;
        NanosecondsPerInstruction = nanosecondsPerInstruction;
    }

    /// <summary>Virtual nanoseconds each guest instruction takes.</summary>
    public ulong NanosecondsPerInstruction { get; }

    /// <summary>Virtual nanoseconds added on top of the instruction count (a halted CPU skipping ahead, a restored snapshot).</summary>
    public ulong Offset { get; set; }

    /// <inheritdoc/>
    public ulong NowNanoseconds => _vm.InstructionCount * NanosecondsPerInstruction + Offset;
}

/// <summary>Host wall-clock time; runs are then not reproducible.</summary>
public sealed class WallClock : IClock
{
    private readonly Stopwatch _watch = Stopwatch.StartNew();

    /// <inheritdoc/>
    public ulong NowNanoseconds => (ulong)_watch.Elapsed.Ticks * 100;
}
