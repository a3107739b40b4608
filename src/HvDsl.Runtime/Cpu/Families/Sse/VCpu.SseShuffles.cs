using System;
using Iced.Intel;

namespace HvDsl.Runtime.Cpu;

public sealed partial class VCpu
{
    /// <summary>SHUFPS and SHUFPD: the low lanes picked from the destination, the high lanes from the source, by imm8.</summary>
    private static StepOutcome ShuffleFloats(VCpu cpu, ref Instruction ins)
    {
        if (!cpu.SseAvailable() || !cpu.ReadXmm(ref ins, 1, out var b))
            return cpu.Stopped;
        ref var xmm = ref cpu.Xmm(ins.Op0Register);
        var a = xmm;
        var imm = ins.Immediate8;
        UInt128 result = 0;
        if (ins.Mnemonic == Mnemonic.Shufps)
        {
            var r = PackedLanes.Lanes<uint>(ref result);
            var x = PackedLanes.Lanes<uint>(ref a);
            var y = PackedLanes.Lanes<uint>(ref b);
            (r[0], r[1], r[2], r[3]) = (x[imm & 3], x[imm >> 2 & 3], y[imm >> 4 & 3], y[imm >> 6 & 3]);
        }
        else
            result = new UInt128((ulong)(b >> (64 * (imm >> 1 & 1))), (ulong)(a >> (64 * (imm & 1))));
        xmm = result;
        return cpu.Stopped;
    }

    /// <summary>PSHUFD (doublewords), PSHUFLW/PSHUFHW (the low or high four words, the other quadword copied) and PSHUFW (MMX): lanes of the source picked by imm8.</summary>
    private static StepOutcome ShuffleIntegers(VCpu cpu, ref Instruction ins)
    {
        if (!cpu.PackedBegin(ref ins, out var bytes) || !cpu.ReadPacked(ref ins, 1, bytes, out var source))
            return cpu.Stopped;
        var imm = ins.Immediate8;
        var result = source;
        switch (ins.Mnemonic)
        {
            case Mnemonic.Pshufd:
                PickLanes(PackedLanes.Lanes<uint>(ref source), PackedLanes.Lanes<uint>(ref result), imm);
                break;
            case Mnemonic.Pshufhw:
                PickLanes(PackedLanes.Lanes<ushort>(ref source)[4..], PackedLanes.Lanes<ushort>(ref result)[4..], imm);
                break;
            default:
                PickLanes(PackedLanes.Lanes<ushort>(ref source), PackedLanes.Lanes<ushort>(ref result), imm);
                break;
        }
        cpu.SetPacked(ins.Op0Register, result);
        return cpu.Stopped;
    }

    /// <summary>Lane i of <paramref name="to"/> (i &lt; 4) becomes lane imm[2i+1:2i] of <paramref name="from"/>.</summary>
    private static void PickLanes<T>(Span<T> from, Span<T> to, byte imm) where T : unmanaged
    {
        for (var i = 0; i < 4; i++)
            to[i] = from[imm >> (2 * i) & 3];
    }

    /// <summary>PINSRW: the low word of r32 or m16 into word imm8 (mod 8 for XMM, mod 4 for MMX).</summary>
    private static StepOutcome InsertWord(VCpu cpu, ref Instruction ins)
    {
        if (!cpu.PackedBegin(ref ins, out var bytes) || !cpu.ReadOp(ref ins, 1, 2, out var word))
            return cpu.Stopped;
        var destination = ins.Op0Register;
        var value = cpu.Packed(destination);
        PackedLanes.Lanes<ushort>(ref value)[ins.Immediate8 & (bytes / 2 - 1)] = (ushort)word;
        cpu.SetPacked(destination, value);
        return cpu.Stopped;
    }

    /// <summary>PEXTRW: word imm8 (mod 8 for XMM, mod 4 for MMX) zero-extended into a general register.</summary>
    private static StepOutcome ExtractWord(VCpu cpu, ref Instruction ins)
    {
        if (!cpu.PackedBegin(ref ins, out var bytes))
            return cpu.Stopped;
        var value = cpu.Packed(ins.Op1Register);
        cpu.SetGpr(ins.Op0Register, PackedLanes.Lanes<ushort>(ref value)[ins.Immediate8 & (bytes / 2 - 1)]);
        return cpu.Stopped;
    }
}
