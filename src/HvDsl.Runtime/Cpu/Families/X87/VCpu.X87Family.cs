using HvDsl.Runtime.Cpu.Families;
using Iced.Intel;

namespace HvDsl.Runtime.Cpu;

public sealed unsafe partial class VCpu
{
    /// <summary>The x87 family: control and status words, environment and state save/restore, WAIT, the FXSAVE/MXCSR state instructions, and the data movement (loads, stores, integer and BCD conversions, FXCH, FCMOVcc, constants), arithmetic, compares and transcendentals.</summary>
    private static void RegisterX87(InstructionTable table)
    {
        table.Family("x87");
        table.Add(&Fwait, Mnemonic.Wait);
        table.Add(&Fninit, Mnemonic.Fninit);
        table.Add(&WaitingForm, Mnemonic.Finit, Mnemonic.Fclex, Mnemonic.Fstsw, Mnemonic.Fstcw, Mnemonic.Fstenv, Mnemonic.Fsave);
        table.Add(&LegacyControl, Mnemonic.Fneni, Mnemonic.Fndisi, Mnemonic.Fnsetpm, Mnemonic.Feni, Mnemonic.Fdisi, Mnemonic.Fsetpm);
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
        table.Add(&Fld, Mnemonic.Fld);
        table.Add(&Fild, Mnemonic.Fild);
        table.Add(&Fbld, Mnemonic.Fbld);
        table.Add(&Fst, Mnemonic.Fst, Mnemonic.Fstp, Mnemonic.Fstpnce);
        table.Add(&Fist, Mnemonic.Fist, Mnemonic.Fistp, Mnemonic.Fisttp);
        table.Add(&Fbstp, Mnemonic.Fbstp);
        table.Add(&Fxch, Mnemonic.Fxch);
        table.Add(&Fcmov, Mnemonic.Fcmovb, Mnemonic.Fcmovnb, Mnemonic.Fcmove, Mnemonic.Fcmovne, Mnemonic.Fcmovbe,
            Mnemonic.Fcmovnbe, Mnemonic.Fcmovu, Mnemonic.Fcmovnu);
        table.Add(&Ffree, Mnemonic.Ffree, Mnemonic.Ffreep);
        table.Add(&StackPointerStep, Mnemonic.Fincstp, Mnemonic.Fdecstp);
        table.Add(&Fnop, Mnemonic.Fnop);
        table.Add(&FldConstant, Mnemonic.Fld1, Mnemonic.Fldz, Mnemonic.Fldpi, Mnemonic.Fldl2t, Mnemonic.Fldl2e,
            Mnemonic.Fldlg2, Mnemonic.Fldln2);
        table.Add(&X87Arithmetic, Mnemonic.Fadd, Mnemonic.Faddp, Mnemonic.Fiadd, Mnemonic.Fsub, Mnemonic.Fsubp, Mnemonic.Fisub,
            Mnemonic.Fsubr, Mnemonic.Fsubrp, Mnemonic.Fisubr, Mnemonic.Fmul, Mnemonic.Fmulp, Mnemonic.Fimul, Mnemonic.Fdiv,
            Mnemonic.Fdivp, Mnemonic.Fidiv, Mnemonic.Fdivr, Mnemonic.Fdivrp, Mnemonic.Fidivr);
        table.Add(&X87Unary, Mnemonic.Fchs, Mnemonic.Fabs, Mnemonic.Fsqrt, Mnemonic.Frndint);
        table.Add(&X87Binary, Mnemonic.Fscale, Mnemonic.Fprem, Mnemonic.Fprem1);
        table.Add(&Fxtract, Mnemonic.Fxtract);
        table.Add(&X87Compare, Mnemonic.Fcom, Mnemonic.Fcomp, Mnemonic.Fcompp, Mnemonic.Fucom, Mnemonic.Fucomp, Mnemonic.Fucompp,
            Mnemonic.Ficom, Mnemonic.Ficomp, Mnemonic.Ftst, Mnemonic.Fcomi, Mnemonic.Fcomip, Mnemonic.Fucomi, Mnemonic.Fucomip);
        table.Add(&Fxam, Mnemonic.Fxam);
        table.Add(&Trigonometric, Mnemonic.Fsin, Mnemonic.Fcos, Mnemonic.Fptan, Mnemonic.Fsincos);
        table.Add(&Logarithmic, Mnemonic.F2xm1, Mnemonic.Fpatan, Mnemonic.Fyl2x, Mnemonic.Fyl2xp1);
    }
}
