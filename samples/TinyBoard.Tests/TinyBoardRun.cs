using System.IO;
using System.Text;
using HvDsl.Runtime;
using HvDsl.Runtime.Exits;
using HvDsl.Runtime.Machines;

namespace TinyBoard.Tests;

/// <summary>A TinyBoard with its guest loaded, and what it printed.</summary>
internal sealed class TinyBoardRun : System.IDisposable
{
    /// <summary>More instructions than the guest needs to finish, so a broken guest ends on the budget instead of hanging.</summary>
    public const ulong Budget = 1_000_000;

    private readonly MemoryStream _console = new();

    /// <summary>A board with the guest loaded at its entry, or (<paramref name="boot"/> false) an empty one to restore into.</summary>
    public TinyBoardRun(bool boot = true)
    {
        Machine = new TinyBoardMachine(new MachineOptions { Console = _console });
        if (!boot) return;
        Machine.Vm.Memory.Load(TinyGuest.Load, TinyGuest.Build());
        GuestBoot.Start(Machine.Vm, BootMode.Real, TinyGuest.Load);
    }

    public TinyBoardMachine Machine { get; }

    /// <summary>What the guest has printed so far.</summary>
    public string Output => Encoding.ASCII.GetString(_console.ToArray());

    public VmExit Run(ulong instructions = Budget) => Machine.Vm.Run(instructions);

    public void Dispose() => Machine.Dispose();
}
