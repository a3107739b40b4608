using HvDsl.Runtime.Cpu.Families;
using Iced.Intel;

namespace HvDsl.Runtime.Cpu;

public sealed unsafe partial class VCpu
{
    /// <summary>The x87 family: control and status words, environment and state save/restore, WAIT, and the FXSAVE/MXCSR state instructions.</summary>
    private static void RegisterX87(InstructionTable table)
    {
        table.Family("x87");
        table.Add(&Fwait, Mnemonic.Wait);
        table.Add(&Fninit, Mnemonic.Fninit);
        table.Add(&Fnclex, Mnemonic.Fnclex);
        table.Add(&Fnstsw, Mnemonic.Fnstsw);
        table.Add(&Fnstcw, Mnemonic.Fnstcw);
        table.Add(&Fldcw, Mnemonic.Fldcw);
        table.Add(&Fnstenv, Mnemonic.Fnstenv);
        table.Add(&Fldenv, Mnemonic.Fldenv);
        table.Add(&Fnsave, Mnemonic.Fnsave);
        table.Add(&Frstor, Mnemonic.Frstor);
        table.Add(&Fxsave, Mnemonic.Fxsave, Mnemonic.Fxsave64);
        table.Add(&Fxrstor, Mnemonic.Fxrstor, Mnemonic.Fxrstor64);
        table.Add(&Ldmxcsr, Mnemonic.Ldmxcsr);
        table.Add(&Stmxcsr, Mnemonic.Stmxcsr);
    }
}
