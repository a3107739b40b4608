using Iced.Intel;

namespace HvDsl.Runtime.Cpu;

public sealed partial class VCpu
{
    /// <summary>The x87 control word FNINIT sets: every exception masked, 64-bit precision, round to nearest.</summary>
    private const ushort FcwInit = 0x037F;

    /// <summary>WAIT/FWAIT: #NM only when CR0.TS and CR0.MP are both set, then the pending-exception check.</summary>
    private static StepOutcome Fwait(VCpu cpu, ref Instruction ins) => cpu.Done(cpu.X87WaitChecks());

    private bool X87WaitChecks()
    {
        if ((_state.Cr0 & (Cr0Ts | Cr0Mp)) == (Cr0Ts | Cr0Mp))
            return Fault(VectorNm);
        return X87NoPendingException();
    }

    /// <summary>FINIT, FCLEX, FSTSW, FSTCW, FSTENV, FSAVE: WAIT's checks, then the no-wait form.</summary>
    private static StepOutcome WaitingForm(VCpu cpu, ref Instruction ins)
    {
        if (!cpu.X87WaitChecks())
            return cpu.Stopped;
        return ins.Mnemonic switch
        {
            Mnemonic.Finit => Fninit(cpu, ref ins),
            Mnemonic.Fclex => Fnclex(cpu, ref ins),
            Mnemonic.Fstsw => Fnstsw(cpu, ref ins),
            Mnemonic.Fstcw => Fnstcw(cpu, ref ins),
            Mnemonic.Fstenv => Fnstenv(cpu, ref ins),
            _ => Fnsave(cpu, ref ins),
        };
    }

    /// <summary>FENI, FDISI and FSETPM: 8087/287 controls that later processors execute as FNOP.</summary>
    private static StepOutcome LegacyControl(VCpu cpu, ref Instruction ins) => cpu.Done(cpu.X87Available(waiting: false));

    private static StepOutcome Fninit(VCpu cpu, ref Instruction ins)
    {
        if (cpu.X87Available(waiting: false))
            cpu.X87Initialize();
        return cpu.Stopped;
    }

    /// <summary>FNINIT's state (SDM vol. 1, 8.1.10): the registers' contents stay, every tag empty, pointers and opcode cleared.</summary>
    private void X87Initialize()
    {
        _state.Fcw = FcwInit;
        _state.Fsw = 0;
        _state.Ftw = 0xFFFF;
        (_state.Fop, _state.Fip, _state.Fdp, _state.Fcs, _state.Fds) = (0, 0, 0, 0, 0);
    }

    /// <summary>FNCLEX: clears the exception flags, SF, ES and B; the condition codes and TOP stay.</summary>
    private static StepOutcome Fnclex(VCpu cpu, ref Instruction ins)
    {
        if (cpu.X87Available(waiting: false))
            cpu._state.Fsw &= 0x7F00;
        return cpu.Stopped;
    }

    /// <summary>FNSTSW to AX or to a 16-bit memory operand.</summary>
    private static StepOutcome Fnstsw(VCpu cpu, ref Instruction ins)
    {
        if (!cpu.X87Available(waiting: false))
            return cpu.Stopped;
        if (ins.Op0Kind == OpKind.Register)
            cpu.SetGpr(ins.Op0Register, cpu._state.Fsw);
        else
            cpu.WriteMemory(ref ins, 2, cpu._state.Fsw);
        return cpu.Stopped;
    }

    private static StepOutcome Fnstcw(VCpu cpu, ref Instruction ins)
    {
        if (cpu.X87Available(waiting: false))
            cpu.WriteMemory(ref ins, 2, cpu._state.Fcw);
        return cpu.Stopped;
    }

    /// <summary>FLDCW: a flag the new word unmasks becomes pending (ES set), to fault at the next waiting instruction.</summary>
    private static StepOutcome Fldcw(VCpu cpu, ref Instruction ins)
    {
        if (!cpu.X87Available(waiting: true) || !cpu.ReadMemory(ref ins, 2, out var word))
            return cpu.Stopped;
        // Bits 6 and 13-15 are reserved; the processor stores bit 6 as 1 (FNSTCW reads back 0x037F after FNINIT).
        cpu._state.Fcw = (ushort)((word & 0x1F3F) | 0x40);
        cpu.X87UpdateSummary();
        return cpu.Stopped;
    }
}
