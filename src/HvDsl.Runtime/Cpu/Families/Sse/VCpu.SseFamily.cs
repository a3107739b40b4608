using HvDsl.Runtime.Cpu.Families;
using Iced.Intel;

namespace HvDsl.Runtime.Cpu;

public sealed unsafe partial class VCpu
{
    /// <summary>
    /// The SSE/SSE2 integer family and MMX, legacy encodings only: data movement, logic, shuffles and unpacks, packed integer
    /// arithmetic and shifts, on XMM registers (SSE checks) or MM registers (MMX checks and the x87-to-MMX transition).
    /// </summary>
    private static void RegisterSse(InstructionTable table)
    {
        table.Family("sse");
        table.Add(&MoveXmm, Mnemonic.Movaps, Mnemonic.Movapd, Mnemonic.Movdqa, Mnemonic.Movups, Mnemonic.Movupd, Mnemonic.Movdqu);
        table.Add(&StoreNonTemporal, Mnemonic.Movntps, Mnemonic.Movntpd, Mnemonic.Movntdq);
        table.Add(&MoveScalar, Code.Movss_xmm_xmmm32, Code.Movss_xmmm32_xmm, Code.Movsd_xmm_xmmm64, Code.Movsd_xmmm64_xmm);
        table.Add(&MoveVector, Mnemonic.Movd, Mnemonic.Movq);
        table.Add(&MoveBetweenFiles, Mnemonic.Movq2dq, Mnemonic.Movdq2q);
        table.Add(&MoveHalf, Mnemonic.Movlps, Mnemonic.Movlpd, Mnemonic.Movhps, Mnemonic.Movhpd, Mnemonic.Movhlps, Mnemonic.Movlhps);
        table.Add(&MoveMask, Mnemonic.Movmskps, Mnemonic.Movmskpd, Mnemonic.Pmovmskb);
        table.Add(&StoreIntegerNonTemporal, Mnemonic.Movnti);
        table.Add(&StoreMmNonTemporal, Mnemonic.Movntq);
        table.Add(&MaskedStore, Mnemonic.Maskmovdqu, Mnemonic.Maskmovq);
        table.Add(&Emms, Mnemonic.Emms);
        table.Add(&PackedBinary, Mnemonic.Paddb, Mnemonic.Paddw, Mnemonic.Paddd, Mnemonic.Paddq, Mnemonic.Paddsb, Mnemonic.Paddsw,
            Mnemonic.Paddusb, Mnemonic.Paddusw, Mnemonic.Psubb, Mnemonic.Psubw, Mnemonic.Psubd, Mnemonic.Psubq, Mnemonic.Psubsb,
            Mnemonic.Psubsw, Mnemonic.Psubusb, Mnemonic.Psubusw, Mnemonic.Pcmpeqb, Mnemonic.Pcmpeqw, Mnemonic.Pcmpeqd,
            Mnemonic.Pcmpgtb, Mnemonic.Pcmpgtw, Mnemonic.Pcmpgtd, Mnemonic.Pmullw, Mnemonic.Pmulhw, Mnemonic.Pmulhuw,
            Mnemonic.Pmuludq, Mnemonic.Pmaddwd, Mnemonic.Psadbw, Mnemonic.Pavgb, Mnemonic.Pavgw, Mnemonic.Pminub, Mnemonic.Pmaxub,
            Mnemonic.Pminsw, Mnemonic.Pmaxsw);
        table.Add(&PackedBinary, Mnemonic.Pand, Mnemonic.Pandn, Mnemonic.Por, Mnemonic.Pxor, Mnemonic.Andps, Mnemonic.Andpd,
            Mnemonic.Andnps, Mnemonic.Andnpd, Mnemonic.Orps, Mnemonic.Orpd, Mnemonic.Xorps, Mnemonic.Xorpd);
        table.Add(&PackedBinary, Mnemonic.Punpcklbw, Mnemonic.Punpcklwd, Mnemonic.Punpckldq, Mnemonic.Punpcklqdq,
            Mnemonic.Punpckhbw, Mnemonic.Punpckhwd, Mnemonic.Punpckhdq, Mnemonic.Punpckhqdq, Mnemonic.Unpcklps, Mnemonic.Unpcklpd,
            Mnemonic.Unpckhps, Mnemonic.Unpckhpd, Mnemonic.Packsswb, Mnemonic.Packssdw, Mnemonic.Packuswb);
        table.Add(&PackedShift, Mnemonic.Psllw, Mnemonic.Pslld, Mnemonic.Psllq, Mnemonic.Psrlw, Mnemonic.Psrld, Mnemonic.Psrlq,
            Mnemonic.Psraw, Mnemonic.Psrad);
        table.Add(&ByteShift, Mnemonic.Pslldq, Mnemonic.Psrldq);
        table.Add(&ShuffleFloats, Mnemonic.Shufps, Mnemonic.Shufpd);
        table.Add(&ShuffleIntegers, Mnemonic.Pshufd, Mnemonic.Pshuflw, Mnemonic.Pshufhw, Mnemonic.Pshufw);
        table.Add(&InsertWord, Mnemonic.Pinsrw);
        // The r32/m16 destination forms (66 0F 3A 15) are SSE4.1, not advertised.
        table.Add(&ExtractWord, Code.Pextrw_r32_mm_imm8, Code.Pextrw_r64_mm_imm8, Code.Pextrw_r32_xmm_imm8, Code.Pextrw_r64_xmm_imm8);
    }
}
