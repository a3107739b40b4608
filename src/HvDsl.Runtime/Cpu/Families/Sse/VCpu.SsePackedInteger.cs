using System;
using System.Runtime.CompilerServices;
using Iced.Intel;

namespace HvDsl.Runtime.Cpu;

public sealed partial class VCpu
{
    // crossgen2 cannot precompile methods taking UInt128 or FpValue: these hot ones are compiled optimized at their first call, not run at tier 0 first.

    /// <summary>A lane-wise packed instruction, destination operand 0 and source operand 1, in its MMX or XMM form.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static StepOutcome PackedBinary(VCpu cpu, ref Instruction ins)
    {
        if (!cpu.PackedBegin(ref ins, out var bytes) || !cpu.ReadPacked(ref ins, 1, bytes, out var b))
            return cpu.Stopped;
        var destination = ins.Op0Register;
        cpu.SetPacked(destination, PackedOperation(ins.Mnemonic, cpu.Packed(destination), b, bytes));
        return cpu.Stopped;
    }

    /// <summary>The integer arithmetic, compare, logic, unpack and pack operations on <paramref name="bytes"/> bytes of lanes (SDM vol. 2, each instruction's Operation).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static UInt128 PackedOperation(Mnemonic mnemonic, UInt128 a, UInt128 b, int bytes) => mnemonic switch
    {
        Mnemonic.Paddb => PackedLanes.Map<byte>(a, b, bytes, static (x, y) => (byte)(x + y)),
        Mnemonic.Paddw => PackedLanes.Map<ushort>(a, b, bytes, static (x, y) => (ushort)(x + y)),
        Mnemonic.Paddd => PackedLanes.Map<uint>(a, b, bytes, static (x, y) => x + y),
        Mnemonic.Paddq => PackedLanes.Map<ulong>(a, b, bytes, static (x, y) => x + y),
        Mnemonic.Paddsb => PackedLanes.Map<sbyte>(a, b, bytes, static (x, y) => (sbyte)Math.Clamp(x + y, sbyte.MinValue, sbyte.MaxValue)),
        Mnemonic.Paddsw => PackedLanes.Map<short>(a, b, bytes, static (x, y) => (short)Math.Clamp(x + y, short.MinValue, short.MaxValue)),
        Mnemonic.Paddusb => PackedLanes.Map<byte>(a, b, bytes, static (x, y) => (byte)Math.Min(x + y, byte.MaxValue)),
        Mnemonic.Paddusw => PackedLanes.Map<ushort>(a, b, bytes, static (x, y) => (ushort)Math.Min(x + y, ushort.MaxValue)),
        Mnemonic.Psubb => PackedLanes.Map<byte>(a, b, bytes, static (x, y) => (byte)(x - y)),
        Mnemonic.Psubw => PackedLanes.Map<ushort>(a, b, bytes, static (x, y) => (ushort)(x - y)),
        Mnemonic.Psubd => PackedLanes.Map<uint>(a, b, bytes, static (x, y) => x - y),
        Mnemonic.Psubq => PackedLanes.Map<ulong>(a, b, bytes, static (x, y) => x - y),
        Mnemonic.Psubsb => PackedLanes.Map<sbyte>(a, b, bytes, static (x, y) => (sbyte)Math.Clamp(x - y, sbyte.MinValue, sbyte.MaxValue)),
        Mnemonic.Psubsw => PackedLanes.Map<short>(a, b, bytes, static (x, y) => (short)Math.Clamp(x - y, short.MinValue, short.MaxValue)),
        Mnemonic.Psubusb => PackedLanes.Map<byte>(a, b, bytes, static (x, y) => (byte)Math.Max(x - y, 0)),
        Mnemonic.Psubusw => PackedLanes.Map<ushort>(a, b, bytes, static (x, y) => (ushort)Math.Max(x - y, 0)),
        Mnemonic.Pcmpeqb => PackedLanes.Map<byte>(a, b, bytes, static (x, y) => x == y ? byte.MaxValue : (byte)0),
        Mnemonic.Pcmpeqw => PackedLanes.Map<ushort>(a, b, bytes, static (x, y) => x == y ? ushort.MaxValue : (ushort)0),
        Mnemonic.Pcmpeqd => PackedLanes.Map<uint>(a, b, bytes, static (x, y) => x == y ? uint.MaxValue : 0),
        Mnemonic.Pcmpgtb => PackedLanes.Map<sbyte>(a, b, bytes, static (x, y) => x > y ? (sbyte)-1 : (sbyte)0),
        Mnemonic.Pcmpgtw => PackedLanes.Map<short>(a, b, bytes, static (x, y) => x > y ? (short)-1 : (short)0),
        Mnemonic.Pcmpgtd => PackedLanes.Map<int>(a, b, bytes, static (x, y) => x > y ? -1 : 0),
        Mnemonic.Pmullw => PackedLanes.Map<short>(a, b, bytes, static (x, y) => (short)(x * y)),
        Mnemonic.Pmulhw => PackedLanes.Map<short>(a, b, bytes, static (x, y) => (short)((x * y) >> 16)),
        Mnemonic.Pmulhuw => PackedLanes.Map<ushort>(a, b, bytes, static (x, y) => (ushort)((x * y) >> 16)),
        Mnemonic.Pmuludq => PackedLanes.Map<ulong>(a, b, bytes, static (x, y) => (ulong)(uint)x * (uint)y),
        // Two products of -32768 sum to 2^31, which wraps to 0x80000000 as on the hardware.
        Mnemonic.Pmaddwd => PackedLanes.Map<int>(a, b, bytes, static (x, y) => (short)x * (short)y + (x >> 16) * (y >> 16)),
        Mnemonic.Psadbw => PackedLanes.Map<ulong>(a, b, bytes, static (x, y) => SumOfAbsoluteDifferences(x, y)),
        Mnemonic.Pavgb => PackedLanes.Map<byte>(a, b, bytes, static (x, y) => (byte)((x + y + 1) >> 1)),
        Mnemonic.Pavgw => PackedLanes.Map<ushort>(a, b, bytes, static (x, y) => (ushort)((x + y + 1) >> 1)),
        Mnemonic.Pminub => PackedLanes.Map<byte>(a, b, bytes, Math.Min),
        Mnemonic.Pmaxub => PackedLanes.Map<byte>(a, b, bytes, Math.Max),
        Mnemonic.Pminsw => PackedLanes.Map<short>(a, b, bytes, Math.Min),
        Mnemonic.Pmaxsw => PackedLanes.Map<short>(a, b, bytes, Math.Max),
        Mnemonic.Pand or Mnemonic.Andps or Mnemonic.Andpd => a & b,
        Mnemonic.Pandn or Mnemonic.Andnps or Mnemonic.Andnpd => ~a & b,
        Mnemonic.Por or Mnemonic.Orps or Mnemonic.Orpd => a | b,
        Mnemonic.Pxor or Mnemonic.Xorps or Mnemonic.Xorpd => a ^ b,
        Mnemonic.Punpcklbw => PackedLanes.Interleave<byte>(a, b, bytes, high: false),
        Mnemonic.Punpcklwd => PackedLanes.Interleave<ushort>(a, b, bytes, high: false),
        Mnemonic.Punpckldq or Mnemonic.Unpcklps => PackedLanes.Interleave<uint>(a, b, bytes, high: false),
        Mnemonic.Punpcklqdq or Mnemonic.Unpcklpd => PackedLanes.Interleave<ulong>(a, b, bytes, high: false),
        Mnemonic.Punpckhbw => PackedLanes.Interleave<byte>(a, b, bytes, high: true),
        Mnemonic.Punpckhwd => PackedLanes.Interleave<ushort>(a, b, bytes, high: true),
        Mnemonic.Punpckhdq or Mnemonic.Unpckhps => PackedLanes.Interleave<uint>(a, b, bytes, high: true),
        Mnemonic.Punpckhqdq or Mnemonic.Unpckhpd => PackedLanes.Interleave<ulong>(a, b, bytes, high: true),
        Mnemonic.Packsswb => PackedLanes.Pack<short, sbyte>(a, b, bytes, static x => (sbyte)Math.Clamp(x, sbyte.MinValue, sbyte.MaxValue)),
        Mnemonic.Packssdw => PackedLanes.Pack<int, short>(a, b, bytes, static x => (short)Math.Clamp(x, short.MinValue, short.MaxValue)),
        Mnemonic.Packuswb => PackedLanes.Pack<short, byte>(a, b, bytes, static x => (byte)Math.Clamp(x, byte.MinValue, byte.MaxValue)),
        _ => throw new InvalidOperationException($"{mnemonic} is registered as a packed operation but has none"),
    };

    /// <summary>PSADBW on one quadword: the sum of the eight bytes' absolute differences, in the low word.</summary>
    private static ulong SumOfAbsoluteDifferences(ulong x, ulong y)
    {
        var sum = 0UL;
        for (var i = 0; i < 64; i += 8)
            sum += (ulong)Math.Abs((int)(x >> i & 0xFF) - (int)(y >> i & 0xFF));
        return sum;
    }
}
