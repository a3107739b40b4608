using System;
using System.Runtime.CompilerServices;
using Iced.Intel;

namespace HvDsl.Runtime.Cpu;

public sealed partial class VCpu
{
    /// <summary>Where an Iced general-purpose register lives in the register file; Size 0 for other registers.</summary>
    private readonly record struct GprSlot(int Index, int Shift, int Size, ulong Mask);

    private static readonly GprSlot[] GprInfo = BuildGprInfo();

    private static GprSlot[] BuildGprInfo()
    {
        var table = new GprSlot[Enum.GetValues<Register>().Length];
        for (var r = Register.AL; r <= Register.R15; r++)
        {
            var size = r.GetSize();
            var full = r.GetFullRegister();
            var shift = r is >= Register.AH and <= Register.BH ? 8 : 0;
            var index = r is >= Register.AH and <= Register.BH ? r - Register.AH : full - Register.RAX;
            table[(int)r] = new GprSlot(index, shift, size, size == 8 ? ulong.MaxValue : (1UL << (size * 8)) - 1);
        }
        return table;
    }

    private static readonly byte[] MemorySizes = BuildMemorySizes();

    private static byte[] BuildMemorySizes()
    {
        var table = new byte[Enum.GetValues<MemorySize>().Length];
        for (var i = 0; i < table.Length; i++)
            table[i] = (byte)Math.Min(((MemorySize)i).GetSize(), 255);
        return table;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private ulong Gpr(Register register)
    {
        var info = GprInfo[(int)register];
        return (_state.Gpr[info.Index] >> info.Shift) & info.Mask;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void SetGpr(Register register, ulong value) => SetGpr(GprInfo[(int)register], value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void SetGpr(GprSlot info, ulong value)
    {
        ref var slot = ref _state.Gpr[info.Index];
        switch (info.Size)
        {
            case 8:
                slot = value;
                break;
            case 4:
                slot = (uint)value;
                break;
            default:
                slot = (slot & ~(info.Mask << info.Shift)) | ((value & info.Mask) << info.Shift);
                break;
        }
    }

    /// <summary>Writes a register of <paramref name="size"/> bytes by encoding index (0 = rAX).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void SetGprSized(int index, int size, ulong value) => WriteSized(ref _state.Gpr[index], size, value);

    /// <summary>Writes a register slot with x86 merge rules: 32-bit writes zero-extend, 8 and 16-bit ones merge.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void WriteSized(ref ulong slot, int size, ulong value) => slot = size switch
    {
        8 => value,
        4 => (uint)value,
        2 => (slot & ~0xFFFFUL) | (ushort)value,
        _ => (slot & ~0xFFUL) | (byte)value,
    };

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong SizeMask(int size) => size == 8 ? ulong.MaxValue : (1UL << (size * 8)) - 1;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong SignExtend(ulong value, int size) => size switch
    {
        1 => (ulong)(sbyte)value,
        2 => (ulong)(short)value,
        4 => (ulong)(int)value,
        _ => value,
    };
}
