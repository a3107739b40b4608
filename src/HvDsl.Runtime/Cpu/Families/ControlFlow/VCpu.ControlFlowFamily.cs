using HvDsl.Runtime.Cpu.Families;
using Iced.Intel;

namespace HvDsl.Runtime.Cpu;

public sealed unsafe partial class VCpu
{
    /// <summary>The control-flow family: jumps, calls, returns, loops, software interrupts, ICEBP, IRET, BOUND and the UD opcodes.</summary>
    private static void RegisterControlFlow(InstructionTable table)
    {
        table.Family("control flow");
        table.Add(&Jmp, Mnemonic.Jmp);
        table.Add(&Jcc, Mnemonic.Jo, Mnemonic.Jno, Mnemonic.Jb, Mnemonic.Jae, Mnemonic.Je, Mnemonic.Jne, Mnemonic.Jbe, Mnemonic.Ja,
            Mnemonic.Js, Mnemonic.Jns, Mnemonic.Jp, Mnemonic.Jnp, Mnemonic.Jl, Mnemonic.Jge, Mnemonic.Jle, Mnemonic.Jg);
        table.Add(&Call, Mnemonic.Call);
        table.Add(&Ret, Mnemonic.Ret);
        table.Add(&Retf, Mnemonic.Retf);
        table.Add(&Loop, Mnemonic.Loop, Mnemonic.Loope, Mnemonic.Loopne);
        table.Add(&Jcxz, Mnemonic.Jcxz, Mnemonic.Jecxz, Mnemonic.Jrcxz);
        table.Add(&Int, Mnemonic.Int);
        table.Add(&Int3, Mnemonic.Int3);
        table.Add(&Icebp, Mnemonic.Int1);
        table.Add(&Into, Mnemonic.Into);
        table.Add(&Iret, Mnemonic.Iret, Mnemonic.Iretd, Mnemonic.Iretq);
        table.Add(&Bound, Mnemonic.Bound);
        table.Add(&Undefined, Mnemonic.Ud0, Mnemonic.Ud1, Mnemonic.Ud2);
    }

    private static StepOutcome Jmp(VCpu cpu, ref Instruction ins) => cpu.ExecuteJmp(ref ins);

    private static StepOutcome Jcc(VCpu cpu, ref Instruction ins)
    {
        return Alu.Condition((int)ins.ConditionCode - 1, cpu._state.RFlags) ? cpu.Branch(ins.NearBranchTarget) : StepOutcome.Next;
    }

    private static StepOutcome Call(VCpu cpu, ref Instruction ins) => cpu.ExecuteCall(ref ins);
    private static StepOutcome Ret(VCpu cpu, ref Instruction ins) => cpu.ExecuteRet(ref ins);
    private static StepOutcome Retf(VCpu cpu, ref Instruction ins) => cpu.ExecuteRetf(ref ins);
    private static StepOutcome Loop(VCpu cpu, ref Instruction ins) => cpu.ExecuteLoop(ref ins);
    private static StepOutcome Jcxz(VCpu cpu, ref Instruction ins) => cpu.ExecuteJcxz(ref ins);
    private static StepOutcome Int(VCpu cpu, ref Instruction ins) => cpu.SoftwareInterrupt(ins.Immediate8);
    private static StepOutcome Int3(VCpu cpu, ref Instruction ins) => cpu.SoftwareInterrupt(3);
    private static StepOutcome Icebp(VCpu cpu, ref Instruction ins) => cpu.ExecuteIcebp();

    private static StepOutcome Into(VCpu cpu, ref Instruction ins)
    {
        return (cpu._state.RFlags & Cpu.RFlags.OF) != 0 ? cpu.SoftwareInterrupt(4) : StepOutcome.Next;
    }

    private static StepOutcome Iret(VCpu cpu, ref Instruction ins) => cpu.ExecuteIret(ref ins);
    private static StepOutcome Bound(VCpu cpu, ref Instruction ins) => cpu.ExecuteBound(ref ins);
    private static StepOutcome Undefined(VCpu cpu, ref Instruction ins) => cpu.RaiseUd();
}
