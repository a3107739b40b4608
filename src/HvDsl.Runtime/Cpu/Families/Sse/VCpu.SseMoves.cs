using System;
using System.Runtime.CompilerServices;
using Iced.Intel;

namespace HvDsl.Runtime.Cpu;

public sealed partial class VCpu
{
    // crossgen2 cannot precompile methods taking UInt128 or FpValue: these hot ones are compiled optimized at their first call, not run at tier 0 first.

    /// <summary>MOVAPS/MOVAPD/MOVDQA (m128 on a 16-byte boundary or #GP(0)) and MOVUPS/MOVUPD/MOVDQU (any alignment): 128 bits unchanged.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static StepOutcome MoveXmm(VCpu cpu, ref Instruction ins)
    {
        var aligned = ins.Mnemonic is not (Mnemonic.Movups or Mnemonic.Movupd or Mnemonic.Movdqu);
        if (cpu.SseAvailable() && cpu.ReadXmm(ref ins, 1, out var value, aligned))
            cpu.WriteXmm(ref ins, 0, value, aligned);
        return cpu.Stopped;
    }

    /// <summary>MOVNTPS/MOVNTPD/MOVNTDQ: an aligned 128-bit store; with no caches to bypass the hint changes nothing else.</summary>
    private static StepOutcome StoreNonTemporal(VCpu cpu, ref Instruction ins)
    {
        if (cpu.SseAvailable())
            cpu.WriteXmm(ref ins, 0, cpu.Xmm(ins.Op1Register));
        return cpu.Stopped;
    }

    /// <summary>MOVNTQ: an MM register stored to m64, after the MMX checks and transition.</summary>
    private static StepOutcome StoreMmNonTemporal(VCpu cpu, ref Instruction ins)
    {
        if (cpu.PackedBegin(ref ins, out _))
            cpu.WriteMemory(ref ins, 8, cpu.Mm(ins.Op1Register));
        return cpu.Stopped;
    }

    /// <summary>MOVSS and MOVSD: register to register merges the low lane; a load zeroes the rest of the register; a store writes the low lane.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static StepOutcome MoveScalar(VCpu cpu, ref Instruction ins)
    {
        if (!cpu.SseAvailable())
            return cpu.Stopped;
        var single = ins.Mnemonic == Mnemonic.Movss;
        if (ins.Op1Kind == OpKind.Memory)
        {
            if (cpu.ReadMemory(ref ins, single ? 4 : 8, out var low))
                cpu.Xmm(ins.Op0Register) = low;
            return cpu.Stopped;
        }
        var source = cpu.Xmm(ins.Op1Register);
        if (single)
            cpu.WriteXmm32(ref ins, 0, (uint)source);
        else
            cpu.WriteXmm64(ref ins, 0, (ulong)source);
        return cpu.Stopped;
    }

    /// <summary>
    /// MOVD and MOVQ between an MM or XMM register and a general register, memory or another register: loads into a
    /// register zero-extend to its width, except that MOVQ mm, mm/m64 fills the whole MM register anyway.
    /// </summary>
    private static StepOutcome MoveVector(VCpu cpu, ref Instruction ins)
    {
        if (!cpu.PackedBegin(ref ins, out _))
            return cpu.Stopped;
        var size = ins.Mnemonic == Mnemonic.Movd ? 4 : 8;
        var toVector = ins.Op0Kind == OpKind.Register && (IsMm(ins.Op0Register) || ins.Op0Register is >= Register.XMM0 and <= Register.XMM15);
        if (toVector)
        {
            if (!cpu.ReadVectorLow(ref ins, 1, size, out var value))
                return cpu.Stopped;
            cpu.SetPacked(ins.Op0Register, value);
            return cpu.Stopped;
        }
        var low = (ulong)cpu.Packed(ins.Op1Register) & (size == 4 ? uint.MaxValue : ulong.MaxValue);
        if (ins.Op0Kind == OpKind.Memory)
            cpu.WriteMemory(ref ins, size, low);
        else
            cpu.SetGpr(ins.Op0Register, low);
        return cpu.Stopped;
    }

    /// <summary>The low <paramref name="size"/> bytes of operand <paramref name="op"/>: a general, MM or XMM register, or memory.</summary>
    private bool ReadVectorLow(ref Instruction ins, int op, int size, out ulong value)
    {
        if (ins.GetOpKind(op) == OpKind.Memory)
            return ReadMemory(ref ins, size, out value);
        var register = ins.GetOpRegister(op);
        var wide = IsMm(register) || register is >= Register.XMM0 and <= Register.XMM15 ? (ulong)Packed(register) : Gpr(register);
        value = wide & (size == 4 ? uint.MaxValue : ulong.MaxValue);
        return true;
    }

    /// <summary>MOVQ2DQ (MM to a zero-extended XMM register) and MOVDQ2Q (an XMM register's low quadword to MM): the SSE checks, then the MMX ones.</summary>
    private static StepOutcome MoveBetweenFiles(VCpu cpu, ref Instruction ins)
    {
        if (!cpu.SseAvailable() || !cpu.X87NoPendingException())
            return cpu.Stopped;
        cpu.EnterMmx();
        cpu.SetPacked(ins.Op0Register, (ulong)cpu.Packed(ins.Op1Register));
        return cpu.Stopped;
    }

    /// <summary>MOVLPS/MOVLPD and MOVHPS/MOVHPD between an XMM register's low or high quadword and m64; MOVHLPS and MOVLHPS between two registers' halves.</summary>
    private static StepOutcome MoveHalf(VCpu cpu, ref Instruction ins)
    {
        if (!cpu.SseAvailable())
            return cpu.Stopped;
        var high = ins.Mnemonic is Mnemonic.Movhps or Mnemonic.Movhpd;
        switch (ins.Mnemonic)
        {
            case Mnemonic.Movhlps:
                cpu.Xmm(ins.Op0Register) = WithLow64(cpu.Xmm(ins.Op0Register), (ulong)(cpu.Xmm(ins.Op1Register) >> 64));
                return cpu.Stopped;
            case Mnemonic.Movlhps:
                cpu.Xmm(ins.Op0Register) = WithHigh64(cpu.Xmm(ins.Op0Register), (ulong)cpu.Xmm(ins.Op1Register));
                return cpu.Stopped;
        }
        if (ins.Op0Kind == OpKind.Memory)
        {
            cpu.WriteMemory(ref ins, 8, (ulong)(cpu.Xmm(ins.Op1Register) >> (high ? 64 : 0)));
            return cpu.Stopped;
        }
        if (!cpu.ReadMemory(ref ins, 8, out var half))
            return cpu.Stopped;
        ref var xmm = ref cpu.Xmm(ins.Op0Register);
        xmm = high ? WithHigh64(xmm, half) : WithLow64(xmm, half);
        return cpu.Stopped;
    }

    /// <summary>MOVMSKPS, MOVMSKPD and PMOVMSKB: the sign bit of each lane into a general register, zero-extended.</summary>
    private static StepOutcome MoveMask(VCpu cpu, ref Instruction ins)
    {
        if (!cpu.PackedBegin(ref ins, out var bytes))
            return cpu.Stopped;
        var value = cpu.Packed(ins.Op1Register);
        var mask = ins.Mnemonic switch
        {
            Mnemonic.Movmskps => PackedLanes.SignMask<uint>(value, bytes),
            Mnemonic.Movmskpd => PackedLanes.SignMask<ulong>(value, bytes),
            _ => PackedLanes.SignMask<byte>(value, bytes),
        };
        cpu.SetGpr(ins.Op0Register, mask);
        return cpu.Stopped;
    }

    /// <summary>MOVNTI: a general register stored to memory; the non-temporal hint has nothing to bypass.</summary>
    private static StepOutcome StoreIntegerNonTemporal(VCpu cpu, ref Instruction ins)
    {
        var size = ins.Code == Code.Movnti_m64_r64 ? 8 : 4;
        cpu.WriteMemory(ref ins, size, cpu.Gpr(ins.Op1Register));
        return cpu.Stopped;
    }

    /// <summary>
    /// MASKMOVDQU and MASKMOVQ: the bytes of the first register whose mask byte (second register) has its top bit set,
    /// stored at DS:rDI (segment overridable); every page is checked first, so a fault stores none.
    /// </summary>
    private static StepOutcome MaskedStore(VCpu cpu, ref Instruction ins)
    {
        if (!cpu.PackedBegin(ref ins, out var bytes))
            return cpu.Stopped;
        var data = cpu.Packed(ins.Op1Register);
        var mask = PackedLanes.SignMask<byte>(cpu.Packed(ins.Op2Register), bytes);
        if (mask == 0)
            return cpu.Stopped;
        var offset = ins.Op0Kind switch
        {
            OpKind.MemorySegDI => cpu._state.Gpr[7] & 0xFFFF,
            OpKind.MemorySegEDI => cpu._state.Gpr[7] & 0xFFFF_FFFF,
            _ => cpu._state.Gpr[7],
        };
        var segment = SegmentIndex(ins.MemorySegment);
        if (!cpu.BlockPages(segment, offset, bytes, 1, write: true, out _, out _, out _))
            return cpu.Stopped;
        for (var i = 0; i < bytes; i++)
        {
            if ((mask >> i & 1) != 0 && !cpu.WriteSeg(segment, offset + (ulong)i, 1, (ulong)(data >> (8 * i)) & 0xFF))
                return cpu.Stopped;
        }
        return cpu.Stopped;
    }
}
