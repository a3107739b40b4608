using System.IO;
using HvDsl.Runtime.Cpu.State;
using HvDsl.Runtime.Snapshots;

namespace HvDsl.Runtime.Cpu;

public sealed partial class VCpu
{
    /// <summary>The furthest past its count a vCPU's interrupts or the VM's events can be held: one decoded block's end.</summary>
    internal const ulong LongestHold = MaxBlockLength;

    /// <summary>Writes the architectural and run state a snapshot needs: registers, modes, MSRs, halt and interrupt-shadow state, x87 and SSE.</summary>
    internal void SaveState(BinaryWriter w)
    {
        var writer = new StateWriter(w);
        _state.Transfer(ref writer);
    }

    /// <summary>Reads what <see cref="SaveState"/> wrote and checks it, so nothing changes until <see cref="Apply"/>.</summary>
    internal static ArchitecturalState ReadState(BinaryReader r)
    {
        var state = default(ArchitecturalState);
        var reader = new StateReader(r);
        state.Transfer(ref reader);
        if (RefusedSavedMsr(in state) is { } refused) throw new SnapshotException($"saved MSR {refused} holds a value WRMSR would refuse");
        if (RefusedSavedDebugRegister(in state) is { } debug) throw new SnapshotException(debug);
        if (state.Cpl > 3) throw new SnapshotException($"CPL {state.Cpl} is not 0-3");
        if (state.InterruptShadowUntil > state.Instructions && state.InterruptShadowUntil - state.Instructions > LongestHold)
            throw new SnapshotException($"interrupts are held until instruction {state.InterruptShadowUntil}, more than a block past the vCPU's {state.Instructions}");
        // The reason is printed when the run ends, so it must stay one line.
        if (state.Shutdown is { } shutdown && !Printable.IsOneLine(shutdown))
            throw new SnapshotException($"vCPU shutdown reason '{Printable.Escape(shutdown)}' is not one line of text");
        // Bits 31:16 are reserved: FXRSTOR and LDMXCSR would raise #GP for them.
        if (state.Mxcsr > 0xFFFF) throw new SnapshotException($"saved MXCSR 0x{state.Mxcsr:X} sets reserved bits 31:16");
        return state;
    }

    /// <summary>Takes every saved value from <paramref name="saved"/>, re-derives the mode and drops decoded blocks and TLBs.</summary>
    internal void Apply(in ArchitecturalState saved)
    {
        _state = saved;
        ClearRecorded();
        _block = null;
        ControlRegistersChanged();
        // Re-deriving the mode zeroes CPL in real mode; the saved CPL wins, and the user-page tag follows it.
        Cpl = saved.Cpl;
        SegmentsChanged();
        FlushDecodedBlocks();
    }

    /// <summary>
    /// Forgets what this vCPU did beyond its saved state: its statistics, how often each block was translated (the back-off
    /// a restore keeps) and where a budget stop last cut a block. A VM restored to the snapshot of a newly built one and
    /// then this runs as that new VM would (the translation fuzz reuses its VMs so).
    /// </summary>
    internal void ForgetHistory()
    {
        Statistics = new VCpuStatistics();
        _translations.Clear();
        _cut = (ulong.MaxValue, 0, 0);
    }

    /// <summary>
    /// Instructions left in the decoded block a budget stop cut short, or 0 when the vCPU stopped where an uninterrupted
    /// run would also look for timers and interrupts (a block end, a taken branch, an unfinished REP chunk, a halt).
    /// </summary>
    internal ulong InstructionsLeftInBlock() =>
        !_state.Halted && _cut.Instructions == _state.Instructions && _cut.Rip == _state.Rip ? (ulong)_cut.Left : 0;

    /// <summary>Where the block loop last stopped a block short at its limit: the instruction count and RIP there, and the instructions it left.</summary>
    private (ulong Instructions, ulong Rip, int Left) _cut = (ulong.MaxValue, 0, 0);

    /// <summary>Keeps interrupts from being taken before instruction <paramref name="count"/>, where the cut block would have ended.</summary>
    internal void HoldInterruptsUntil(ulong count)
    {
        if (count > _state.InterruptShadowUntil) _state.InterruptShadowUntil = count;
    }
}
