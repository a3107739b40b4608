using System;
using Iced.Intel;

namespace HvDsl.Runtime.Cpu;

public sealed partial class VCpu
{
    /// <summary>
    /// PSLLW/D/Q, PSRLW/D/Q and PSRAW/D by an imm8, or by the low quadword of an MM/XMM register or memory operand: a count
    /// past the lane width clears logical lanes and fills arithmetic ones with their sign.
    /// </summary>
    private static StepOutcome PackedShift(VCpu cpu, ref Instruction ins)
    {
        if (!cpu.PackedBegin(ref ins, out var bytes) || !cpu.ReadPacked(ref ins, 1, bytes, out var count))
            return cpu.Stopped;
        var (bits, kind) = ins.Mnemonic switch
        {
            Mnemonic.Psllw => (16, LaneShift.Left),
            Mnemonic.Pslld => (32, LaneShift.Left),
            Mnemonic.Psllq => (64, LaneShift.Left),
            Mnemonic.Psrlw => (16, LaneShift.Right),
            Mnemonic.Psrld => (32, LaneShift.Right),
            Mnemonic.Psrlq => (64, LaneShift.Right),
            Mnemonic.Psraw => (16, LaneShift.Arithmetic),
            _ => (32, LaneShift.Arithmetic),
        };
        var destination = ins.Op0Register;
        cpu.SetPacked(destination, ShiftLanes(cpu.Packed(destination), bytes, bits, (ulong)count, kind));
        return cpu.Stopped;
    }

    /// <summary>PSLLDQ/PSRLDQ: the whole XMM register shifted by imm8 bytes; 16 or more clears it.</summary>
    private static StepOutcome ByteShift(VCpu cpu, ref Instruction ins)
    {
        if (!cpu.SseAvailable())
            return cpu.Stopped;
        ref var xmm = ref cpu.Xmm(ins.Op0Register);
        var count = ins.Immediate8;
        xmm = count > 15 ? 0 : ins.Mnemonic == Mnemonic.Pslldq ? xmm << (8 * count) : xmm >> (8 * count);
        return cpu.Stopped;
    }

    private enum LaneShift { Left, Right, Arithmetic }

    private static UInt128 ShiftLanes(UInt128 a, int bytes, int bits, ulong count, LaneShift kind)
    {
        var mask = bits == 64 ? ulong.MaxValue : (1UL << bits) - 1;
        UInt128 result = 0;
        for (var i = 0; i < bytes * 8 / bits; i++)
        {
            var lane = (ulong)(a >> (i * bits)) & mask;
            var shifted = kind switch
            {
                LaneShift.Left => count >= (ulong)bits ? 0 : lane << (int)count,
                LaneShift.Right => count >= (ulong)bits ? 0 : lane >> (int)count,
                _ => (ulong)(((long)(lane << (64 - bits)) >> (64 - bits)) >> (int)Math.Min(count, (ulong)bits - 1)),
            };
            result |= (UInt128)(shifted & mask) << (i * bits);
        }
        return result;
    }
}
