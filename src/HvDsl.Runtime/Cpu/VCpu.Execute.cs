using Iced.Intel;

namespace HvDsl.Runtime.Cpu;

public sealed partial class VCpu
{
    /// <summary>Executes one instruction; sets <see cref="_status"/> when it leaves the straight line.</summary>
    private void Execute(ref Instruction ins)
    {
        switch (ins.Mnemonic)
        {
            case Mnemonic.Mov: ExecuteMov(ref ins); break;
            case Mnemonic.Movzx: ExecuteMovExtend(ref ins, signed: false); break;
            case Mnemonic.Movsx:
            case Mnemonic.Movsxd: ExecuteMovExtend(ref ins, signed: true); break;
            case Mnemonic.Lea: ExecuteLea(ref ins); break;
            case Mnemonic.Xchg: ExecuteXchg(ref ins); break;
            case Mnemonic.Cmpxchg: ExecuteCmpxchg(ref ins); break;
            case Mnemonic.Cmpxchg8b:
            case Mnemonic.Cmpxchg16b: ExecuteCmpxchgWide(ref ins); break;
            case Mnemonic.Xadd: ExecuteXadd(ref ins); break;
            case Mnemonic.Push: ExecutePush(ref ins); break;
            case Mnemonic.Pop: ExecutePop(ref ins); break;
            case Mnemonic.Pushf:
            case Mnemonic.Pushfd:
            case Mnemonic.Pushfq: ExecutePushf(ref ins); break;
            case Mnemonic.Popf:
            case Mnemonic.Popfd:
            case Mnemonic.Popfq: ExecutePopf(ref ins); break;
            case Mnemonic.Pusha:
            case Mnemonic.Pushad: ExecutePusha(ref ins); break;
            case Mnemonic.Popa:
            case Mnemonic.Popad: ExecutePopa(ref ins); break;
            case Mnemonic.Enter: ExecuteEnter(ref ins); break;
            case Mnemonic.Leave: ExecuteLeave(ref ins); break;
            case Mnemonic.Cbw:
            case Mnemonic.Cwde:
            case Mnemonic.Cdqe: ExecuteWidenAccumulator(ref ins); break;
            case Mnemonic.Cwd:
            case Mnemonic.Cdq:
            case Mnemonic.Cqo: ExecuteSignIntoDx(ref ins); break;
            case Mnemonic.Xlatb: ExecuteXlat(ref ins); break;
            case Mnemonic.Bswap: ExecuteBswap(ref ins); break;
            case Mnemonic.Lds:
            case Mnemonic.Les:
            case Mnemonic.Lfs:
            case Mnemonic.Lgs:
            case Mnemonic.Lss: ExecuteLoadFarPointer(ref ins); break;
            case Mnemonic.Cmovo: case Mnemonic.Cmovno: case Mnemonic.Cmovb: case Mnemonic.Cmovae:
            case Mnemonic.Cmove: case Mnemonic.Cmovne: case Mnemonic.Cmovbe: case Mnemonic.Cmova:
            case Mnemonic.Cmovs: case Mnemonic.Cmovns: case Mnemonic.Cmovp: case Mnemonic.Cmovnp:
            case Mnemonic.Cmovl: case Mnemonic.Cmovge: case Mnemonic.Cmovle: case Mnemonic.Cmovg:
                ExecuteCmov(ref ins); break;
            case Mnemonic.Seto: case Mnemonic.Setno: case Mnemonic.Setb: case Mnemonic.Setae:
            case Mnemonic.Sete: case Mnemonic.Setne: case Mnemonic.Setbe: case Mnemonic.Seta:
            case Mnemonic.Sets: case Mnemonic.Setns: case Mnemonic.Setp: case Mnemonic.Setnp:
            case Mnemonic.Setl: case Mnemonic.Setge: case Mnemonic.Setle: case Mnemonic.Setg:
                ExecuteSetcc(ref ins); break;
            case Mnemonic.Nop:
            case Mnemonic.Wait:
            case Mnemonic.Pause:
            case Mnemonic.Lfence:
            case Mnemonic.Mfence:
            case Mnemonic.Sfence:
            case Mnemonic.Prefetchnta:
            case Mnemonic.Prefetcht0:
            case Mnemonic.Prefetcht1:
            case Mnemonic.Prefetcht2:
            case Mnemonic.Prefetchw:
            case Mnemonic.Endbr32:
            case Mnemonic.Endbr64:
                break;

            case Mnemonic.Add: case Mnemonic.Adc: case Mnemonic.Sub: case Mnemonic.Sbb:
            case Mnemonic.And: case Mnemonic.Or: case Mnemonic.Xor: case Mnemonic.Cmp: case Mnemonic.Test:
                ExecuteBinary(ref ins); break;
            case Mnemonic.Inc: case Mnemonic.Dec: case Mnemonic.Neg: case Mnemonic.Not:
                ExecuteUnary(ref ins); break;
            case Mnemonic.Shl: case Mnemonic.Sal: case Mnemonic.Shr: case Mnemonic.Sar:
            case Mnemonic.Rol: case Mnemonic.Ror: case Mnemonic.Rcl: case Mnemonic.Rcr:
                ExecuteShift(ref ins); break;
            case Mnemonic.Shld:
            case Mnemonic.Shrd: ExecuteDoubleShift(ref ins); break;
            case Mnemonic.Mul: ExecuteMul(ref ins); break;
            case Mnemonic.Imul: ExecuteImul(ref ins); break;
            case Mnemonic.Div:
            case Mnemonic.Idiv: ExecuteDiv(ref ins); break;
            case Mnemonic.Bt: case Mnemonic.Bts: case Mnemonic.Btr: case Mnemonic.Btc:
                ExecuteBitTest(ref ins); break;
            case Mnemonic.Bsf: case Mnemonic.Bsr: case Mnemonic.Popcnt: case Mnemonic.Lzcnt: case Mnemonic.Tzcnt:
                ExecuteBitScan(ref ins); break;
            case Mnemonic.Daa: case Mnemonic.Das: case Mnemonic.Aaa: case Mnemonic.Aas:
            case Mnemonic.Aam: case Mnemonic.Aad:
                ExecuteBcd(ref ins); break;
            case Mnemonic.Clc: case Mnemonic.Stc: case Mnemonic.Cmc: case Mnemonic.Cld: case Mnemonic.Std:
            case Mnemonic.Lahf: case Mnemonic.Sahf: case Mnemonic.Salc:
                ExecuteFlagOp(ref ins); break;

            case Mnemonic.Movsb: case Mnemonic.Movsw: case Mnemonic.Movsd: case Mnemonic.Movsq:
            case Mnemonic.Cmpsb: case Mnemonic.Cmpsw: case Mnemonic.Cmpsd: case Mnemonic.Cmpsq:
            case Mnemonic.Stosb: case Mnemonic.Stosw: case Mnemonic.Stosd: case Mnemonic.Stosq:
            case Mnemonic.Lodsb: case Mnemonic.Lodsw: case Mnemonic.Lodsd: case Mnemonic.Lodsq:
            case Mnemonic.Scasb: case Mnemonic.Scasw: case Mnemonic.Scasd: case Mnemonic.Scasq:
                if (ins.Op0Kind == OpKind.Register && ins.Op0Register.IsXMM())
                    ExecuteUnimplemented(ref ins); // MOVSD/CMPSD xmm forms: SSE is not emulated
                else
                    ExecuteString(ref ins);
                break;

            case Mnemonic.Jmp: ExecuteJmp(ref ins); break;
            case Mnemonic.Jo: case Mnemonic.Jno: case Mnemonic.Jb: case Mnemonic.Jae:
            case Mnemonic.Je: case Mnemonic.Jne: case Mnemonic.Jbe: case Mnemonic.Ja:
            case Mnemonic.Js: case Mnemonic.Jns: case Mnemonic.Jp: case Mnemonic.Jnp:
            case Mnemonic.Jl: case Mnemonic.Jge: case Mnemonic.Jle: case Mnemonic.Jg:
                if (Alu.Condition((int)ins.ConditionCode - 1, _state.RFlags))
                    Branch(ins.NearBranchTarget);
                break;
            case Mnemonic.Call: ExecuteCall(ref ins); break;
            case Mnemonic.Ret: ExecuteRet(ref ins); break;
            case Mnemonic.Retf: ExecuteRetf(ref ins); break;
            case Mnemonic.Loop: case Mnemonic.Loope: case Mnemonic.Loopne:
                ExecuteLoop(ref ins); break;
            case Mnemonic.Jcxz: case Mnemonic.Jecxz: case Mnemonic.Jrcxz:
                ExecuteJcxz(ref ins); break;
            case Mnemonic.Int: SoftwareInterrupt(ins.Immediate8); break;
            case Mnemonic.Int3: SoftwareInterrupt(3); break;
            case Mnemonic.Into:
                if ((_state.RFlags & Cpu.RFlags.OF) != 0)
                    SoftwareInterrupt(4);
                break;
            case Mnemonic.Iret: case Mnemonic.Iretd: case Mnemonic.Iretq:
                ExecuteIret(ref ins); break;
            case Mnemonic.Bound: ExecuteBound(ref ins); break;
            case Mnemonic.Ud0: case Mnemonic.Ud1: case Mnemonic.Ud2:
                Ud(); break;

            default:
                ExecuteSystem(ref ins);
                break;
        }
    }

    /// <summary>Jumps within the code segment; leaves the block.</summary>
    private void Branch(ulong target)
    {
        _nextRip = target & _ipMask;
        _status = StatusBranch;
    }

    /// <summary>An instruction the executor does not implement: counted, then #UD in the guest.</summary>
    private void ExecuteUnimplemented(ref Instruction ins)
    {
        Statistics.CountUnimplemented(ins.Code);
        Ud();
    }
}
