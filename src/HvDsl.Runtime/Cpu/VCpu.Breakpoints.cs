using HvDsl.Runtime.Exits;

namespace HvDsl.Runtime.Cpu;

public sealed partial class VCpu
{
    /// <summary>The linear addresses a debugger's continue stops at; empty (the usual case) costs the run loop one length test per block.</summary>
    private ulong[] _breakpoints = [];

    /// <summary>The instruction count and linear address at which a breakpoint is passed over: the one the vCPU sits at when a continue starts.</summary>
    private ulong _passCount = ulong.MaxValue;
    private ulong _passLinear;

    /// <summary>Whether the last <see cref="Run"/> stopped because the vCPU arrived at one of its breakpoints; a debugger clears it between runs.</summary>
    internal bool StoppedAtBreakpoint { get; set; }

    /// <summary>
    /// Makes <see cref="Run"/> stop, with <see cref="StoppedAtBreakpoint"/> set, before the vCPU executes an instruction at one
    /// of <paramref name="linear"/>, except the one it sits at now; an empty array turns the check off.
    /// </summary>
    /// <remarks>Blocks still run whole between breakpoints: one holding a breakpoint runs only up to it, and no block chains into the next.</remarks>
    internal void SetBreakpoints(ulong[] linear)
    {
        _breakpoints = linear;
        _passCount = _state.Instructions;
        _passLinear = LinearPc;
        _chainUntil = 0;
    }

    /// <summary>
    /// How many of <paramref name="block"/>'s instructions may run before one at a breakpoint (its count when none is), or 0 when its
    /// first instruction is at one and the vCPU must stop before it.
    /// </summary>
    private int InstructionsBeforeBreakpoint(DecodedBlock block)
    {
        var long64 = Mode == CpuMode.Long64;
        var csBase = _state.Segments[CsIndex].Base;
        for (var i = 0; i < block.Count; i++)
        {
            var ip = block.Code[i].IP;
            var linear = long64 ? ip : (uint)(csBase + ip);
            foreach (var breakpoint in _breakpoints)
            {
                if (breakpoint != linear) continue;
                if (i > 0) return i;
                if (_state.Instructions != _passCount || linear != _passLinear) return 0;
            }
        }
        return block.Count;
    }

    /// <summary>Stops the run before the instruction at a breakpoint; the block is let go, so no budget hold reaches past it.</summary>
    private VmExit AtBreakpoint()
    {
        StoppedAtBreakpoint = true;
        _block = null;
        return RunEnd(ExitReason.InstructionLimit, "stopped at a breakpoint");
    }
}
