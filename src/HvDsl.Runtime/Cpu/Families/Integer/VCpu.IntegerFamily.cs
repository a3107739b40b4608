using HvDsl.Runtime.Cpu.Families;
using Iced.Intel;

namespace HvDsl.Runtime.Cpu;

public sealed unsafe partial class VCpu
{
    /// <summary>The general-purpose integer family: moves, stack, arithmetic, logic, shifts, bits, BCD, flags, hints that do nothing.</summary>
    private static void RegisterInteger(InstructionTable table)
    {
        table.Family("integer");
        table.Add(&Mov, Mnemonic.Mov);
        table.Add(&MovZeroExtend, Mnemonic.Movzx);
        table.Add(&MovSignExtend, Mnemonic.Movsx, Mnemonic.Movsxd);
        table.Add(&Lea, Mnemonic.Lea);
        table.Add(&Xchg, Mnemonic.Xchg);
        table.Add(&Cmpxchg, Mnemonic.Cmpxchg);
        table.Add(&CmpxchgWide, Mnemonic.Cmpxchg8b, Mnemonic.Cmpxchg16b);
        table.Add(&Xadd, Mnemonic.Xadd);
        table.Add(&Push, Mnemonic.Push);
        table.Add(&Pop, Mnemonic.Pop);
        table.Add(&Pushf, Mnemonic.Pushf, Mnemonic.Pushfd, Mnemonic.Pushfq);
        table.Add(&Popf, Mnemonic.Popf, Mnemonic.Popfd, Mnemonic.Popfq);
        table.Add(&Pusha, Mnemonic.Pusha, Mnemonic.Pushad);
        table.Add(&Popa, Mnemonic.Popa, Mnemonic.Popad);
        table.Add(&Enter, Mnemonic.Enter);
        table.Add(&Leave, Mnemonic.Leave);
        table.Add(&WidenAccumulator, Mnemonic.Cbw, Mnemonic.Cwde, Mnemonic.Cdqe);
        table.Add(&SignIntoDx, Mnemonic.Cwd, Mnemonic.Cdq, Mnemonic.Cqo);
        table.Add(&Xlat, Mnemonic.Xlatb);
        table.Add(&Bswap, Mnemonic.Bswap);
        table.Add(&LoadFarPointer, Mnemonic.Lds, Mnemonic.Les, Mnemonic.Lfs, Mnemonic.Lgs, Mnemonic.Lss);
        table.Add(&Cmov, Mnemonic.Cmovo, Mnemonic.Cmovno, Mnemonic.Cmovb, Mnemonic.Cmovae, Mnemonic.Cmove, Mnemonic.Cmovne,
            Mnemonic.Cmovbe, Mnemonic.Cmova, Mnemonic.Cmovs, Mnemonic.Cmovns, Mnemonic.Cmovp, Mnemonic.Cmovnp, Mnemonic.Cmovl,
            Mnemonic.Cmovge, Mnemonic.Cmovle, Mnemonic.Cmovg);
        table.Add(&Setcc, Mnemonic.Seto, Mnemonic.Setno, Mnemonic.Setb, Mnemonic.Setae, Mnemonic.Sete, Mnemonic.Setne,
            Mnemonic.Setbe, Mnemonic.Seta, Mnemonic.Sets, Mnemonic.Setns, Mnemonic.Setp, Mnemonic.Setnp, Mnemonic.Setl,
            Mnemonic.Setge, Mnemonic.Setle, Mnemonic.Setg);
        table.Add(&NoOperation, Mnemonic.Nop, Mnemonic.Pause, Mnemonic.Lfence, Mnemonic.Mfence, Mnemonic.Sfence,
            Mnemonic.Prefetchnta, Mnemonic.Prefetcht0, Mnemonic.Prefetcht1, Mnemonic.Prefetcht2, Mnemonic.Prefetchw,
            Mnemonic.Endbr32, Mnemonic.Endbr64);
        table.Add(&Binary, Mnemonic.Add, Mnemonic.Adc, Mnemonic.Sub, Mnemonic.Sbb, Mnemonic.And, Mnemonic.Or, Mnemonic.Xor,
            Mnemonic.Cmp, Mnemonic.Test);
        table.Add(&Unary, Mnemonic.Inc, Mnemonic.Dec, Mnemonic.Neg, Mnemonic.Not);
        table.Add(&Shift, Mnemonic.Shl, Mnemonic.Sal, Mnemonic.Shr, Mnemonic.Sar, Mnemonic.Rol, Mnemonic.Ror, Mnemonic.Rcl, Mnemonic.Rcr);
        table.Add(&DoubleShift, Mnemonic.Shld, Mnemonic.Shrd);
        table.Add(&Mul, Mnemonic.Mul);
        table.Add(&Imul, Mnemonic.Imul);
        table.Add(&Div, Mnemonic.Div, Mnemonic.Idiv);
        table.Add(&BitTest, Mnemonic.Bt, Mnemonic.Bts, Mnemonic.Btr, Mnemonic.Btc);
        table.Add(&BitScan, Mnemonic.Bsf, Mnemonic.Bsr, Mnemonic.Popcnt, Mnemonic.Lzcnt, Mnemonic.Tzcnt);
        table.Add(&Bcd, Mnemonic.Daa, Mnemonic.Das, Mnemonic.Aaa, Mnemonic.Aas, Mnemonic.Aam, Mnemonic.Aad);
        table.Add(&FlagOp, Mnemonic.Clc, Mnemonic.Stc, Mnemonic.Cmc, Mnemonic.Cld, Mnemonic.Std, Mnemonic.Lahf, Mnemonic.Sahf, Mnemonic.Salc);
    }

    private static StepOutcome Mov(VCpu cpu, ref Instruction ins) => cpu.ExecuteMov(ref ins);
    private static StepOutcome MovZeroExtend(VCpu cpu, ref Instruction ins) => cpu.ExecuteMovExtend(ref ins, signed: false);
    private static StepOutcome MovSignExtend(VCpu cpu, ref Instruction ins) => cpu.ExecuteMovExtend(ref ins, signed: true);
    private static StepOutcome Lea(VCpu cpu, ref Instruction ins) => cpu.ExecuteLea(ref ins);
    private static StepOutcome Xchg(VCpu cpu, ref Instruction ins) => cpu.ExecuteXchg(ref ins);
    private static StepOutcome Cmpxchg(VCpu cpu, ref Instruction ins) => cpu.ExecuteCmpxchg(ref ins);
    private static StepOutcome CmpxchgWide(VCpu cpu, ref Instruction ins) => cpu.ExecuteCmpxchgWide(ref ins);
    private static StepOutcome Xadd(VCpu cpu, ref Instruction ins) => cpu.ExecuteXadd(ref ins);
    private static StepOutcome Push(VCpu cpu, ref Instruction ins) => cpu.ExecutePush(ref ins);
    private static StepOutcome Pop(VCpu cpu, ref Instruction ins) => cpu.ExecutePop(ref ins);
    private static StepOutcome Pushf(VCpu cpu, ref Instruction ins) => cpu.ExecutePushf(ref ins);
    private static StepOutcome Popf(VCpu cpu, ref Instruction ins) => cpu.ExecutePopf(ref ins);
    private static StepOutcome Pusha(VCpu cpu, ref Instruction ins) => cpu.ExecutePusha(ref ins);
    private static StepOutcome Popa(VCpu cpu, ref Instruction ins) => cpu.ExecutePopa(ref ins);
    private static StepOutcome Enter(VCpu cpu, ref Instruction ins) => cpu.ExecuteEnter(ref ins);
    private static StepOutcome Leave(VCpu cpu, ref Instruction ins) => cpu.ExecuteLeave(ref ins);
    private static StepOutcome WidenAccumulator(VCpu cpu, ref Instruction ins) => cpu.ExecuteWidenAccumulator(ref ins);
    private static StepOutcome SignIntoDx(VCpu cpu, ref Instruction ins) => cpu.ExecuteSignIntoDx(ref ins);
    private static StepOutcome Xlat(VCpu cpu, ref Instruction ins) => cpu.ExecuteXlat(ref ins);
    private static StepOutcome Bswap(VCpu cpu, ref Instruction ins) => cpu.ExecuteBswap(ref ins);
    private static StepOutcome LoadFarPointer(VCpu cpu, ref Instruction ins) => cpu.ExecuteLoadFarPointer(ref ins);
    private static StepOutcome Cmov(VCpu cpu, ref Instruction ins) => cpu.ExecuteCmov(ref ins);
    private static StepOutcome Setcc(VCpu cpu, ref Instruction ins) => cpu.ExecuteSetcc(ref ins);
    // Fences, prefetches, PAUSE and end-branch markers change nothing the interpreter models.
    private static StepOutcome NoOperation(VCpu cpu, ref Instruction ins) => StepOutcome.Next;
    private static StepOutcome Binary(VCpu cpu, ref Instruction ins) => cpu.ExecuteBinary(ref ins);
    private static StepOutcome Unary(VCpu cpu, ref Instruction ins) => cpu.ExecuteUnary(ref ins);
    private static StepOutcome Shift(VCpu cpu, ref Instruction ins) => cpu.ExecuteShift(ref ins);
    private static StepOutcome DoubleShift(VCpu cpu, ref Instruction ins) => cpu.ExecuteDoubleShift(ref ins);
    private static StepOutcome Mul(VCpu cpu, ref Instruction ins) => cpu.ExecuteMul(ref ins);
    private static StepOutcome Imul(VCpu cpu, ref Instruction ins) => cpu.ExecuteImul(ref ins);
    private static StepOutcome Div(VCpu cpu, ref Instruction ins) => cpu.ExecuteDiv(ref ins);
    private static StepOutcome BitTest(VCpu cpu, ref Instruction ins) => cpu.ExecuteBitTest(ref ins);
    private static StepOutcome BitScan(VCpu cpu, ref Instruction ins) => cpu.ExecuteBitScan(ref ins);
    private static StepOutcome Bcd(VCpu cpu, ref Instruction ins) => cpu.ExecuteBcd(ref ins);
    private static StepOutcome FlagOp(VCpu cpu, ref Instruction ins) => cpu.ExecuteFlagOp(ref ins);
}
