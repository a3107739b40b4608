using Iced.Intel;

namespace HvDsl.Runtime.Cpu;

public sealed partial class VCpu
{
    /// <summary>DR6 bits a write keeps: B0-B3, BD, BS, BT (SDM vol. 3A 18.2.3); the rest read as the power-up value.</summary>
    private const ulong Dr6Writable = 0xE00F;

    /// <summary>DR7 bits a write keeps: L0-G3, LE, GE, GD, R/W and LEN (SDM vol. 3A 18.2.4); bit 10 reads 1, 11, 12, 14 and 15 read 0.</summary>
    private const ulong Dr7Writable = 0xFFFF_23FF;

    private const ulong Dr6Bd = 1 << 13, Dr7Gd = 1 << 13;

    /// <summary>
    /// MOV to or from DR0-DR7 at CPL 0 (the caller checked it): the registers hold what is written, with DR6's and DR7's
    /// fixed bits; DR4/DR5 are DR6/DR7 while CR4.DE is clear and raise #UD while it is set; DR7.GD raises #DB before the
    /// access. A write leaves the block, so the breakpoints it arms are checked from the next instruction on.
    /// </summary>
    private StepOutcome ExecuteMovDebug(ref Instruction ins)
    {
        var toDebug = ins.Op0Register.IsDR();
        var number = (toDebug ? ins.Op0Register : ins.Op1Register) - Register.DR0;
        if (number > 7 || (number is 4 or 5 && (_state.Cr4 & Cr4De) != 0))
            return RaiseUd();
        if ((_state.Dr7 & Dr7Gd) != 0)
        {
            // General detect (SDM vol. 3A 18.3.1.3): a fault before the access; the processor clears GD for the handler.
            _state.Dr6 |= Dr6Bd;
            _state.Dr7 &= ~Dr7Gd;
            Fault(1);
            return Stopped;
        }
        if (!toDebug)
        {
            SetGpr(ins.Op0Register, ReadDebugRegister(number) & SizeMask(GprInfo[(int)ins.Op0Register].Size));
            return Stopped;
        }
        if (!WriteDebugRegister(number, Gpr(ins.Op1Register)))
            return RaiseGp0();
        // Cached translations would let accesses skip the data-breakpoint match.
        FlushTlb();
        return StepOutcome.Branch;
    }

    private ulong ReadDebugRegister(int number) => number switch
    {
        0 => _state.Dr0,
        1 => _state.Dr1,
        2 => _state.Dr2,
        3 => _state.Dr3,
        4 or 6 => _state.Dr6,
        _ => _state.Dr7,
    };

    /// <summary>Writes DRn; false = #GP(0), for a 1 in bits 63:32 of DR6 or DR7.</summary>
    private bool WriteDebugRegister(int number, ulong value)
    {
        switch (number)
        {
            case 0: _state.Dr0 = value; return true;
            case 1: _state.Dr1 = value; return true;
            case 2: _state.Dr2 = value; return true;
            case 3: _state.Dr3 = value; return true;
        }
        if ((value >> 32) != 0)
            return false;
        if (number is 4 or 6)
            _state.Dr6 = (value & Dr6Writable) | State.ArchitecturalState.Dr6PowerOn;
        else
            _state.Dr7 = (value & Dr7Writable) | State.ArchitecturalState.Dr7PowerOn;
        return true;
    }

    /// <summary>Why a saved DR6 or DR7 could not have been left by MOV DR (a fixed bit changed), or null when both could.</summary>
    private static string? RefusedSavedDebugRegister(in State.ArchitecturalState state)
    {
        if (((state.Dr6 & Dr6Writable) | State.ArchitecturalState.Dr6PowerOn) != state.Dr6)
            return $"saved DR6 0x{state.Dr6:X} changes bits that always read as fixed";
        if (((state.Dr7 & Dr7Writable) | State.ArchitecturalState.Dr7PowerOn) != state.Dr7)
            return $"saved DR7 0x{state.Dr7:X} changes bits that always read as fixed";
        return null;
    }
}
