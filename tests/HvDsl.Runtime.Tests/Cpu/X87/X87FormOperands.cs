using System;
using HvDsl.Runtime.Cpu.Float;
using HvDsl.Runtime.Tests.Float;
using Iced.Intel;

namespace HvDsl.Runtime.Tests.Cpu.X87;

/// <summary>
/// Seeded cases for one x87 form: registers of every class (<see cref="FloatOperands.Extended"/>, with unnormals and
/// pseudo-NaN/infinity/denormal encodings), ST(i) and stack depth from empty to full, the four rounding modes and the three
/// precision controls, every exception masked in three cases of four and a random set unmasked in the fourth, and a memory
/// operand of the form's type (m16/m32/m64 integers with their extremes, m32/m64/m80 floats, BCD, control words, MXCSR,
/// environment and state images); stores find random bytes there, so a store that should not happen shows.
/// </summary>
internal sealed class X87FormOperands(Code code)
{
    private readonly FloatOperands _float = new(FloatDifferential.StableSeed(code.ToString()));
    private readonly Mnemonic _mnemonic = code.Mnemonic();

    private Random Random => _float.Random;

    /// <summary>Whether the form writes its memory operand rather than reading it.</summary>
    public static bool Stores(Code code) => code.Mnemonic() is Mnemonic.Fst or Mnemonic.Fstp or Mnemonic.Fist or Mnemonic.Fistp
        or Mnemonic.Fisttp or Mnemonic.Fbstp or Mnemonic.Fnstcw or Mnemonic.Fstcw or Mnemonic.Fnstsw or Mnemonic.Fstsw
        or Mnemonic.Fnstenv or Mnemonic.Fstenv or Mnemonic.Fnsave or Mnemonic.Fsave or Mnemonic.Fxsave or Mnemonic.Fxsave64
        or Mnemonic.Stmxcsr;

    public unsafe X87FormBlock Next()
    {
        var block = new X87FormBlock
        {
            ControlWord = ControlWord(),
            Mxcsr = Mxcsr(),
            Depth = (byte)(Random.Next(10) switch { 0 => Random.Next(2), 1 => 8, _ => Random.Next(2, 8) }),
            Index = (byte)(X87FormDifferential.Indexed(code) ? Random.Next(8) : 0),
            FlagsIn = ((ulong)Random.NextInt64() & 0x8D5) | 2,
            RaxIn = (ulong)Random.NextInt64(),
        };
        var bytes = X87FormBlock.Bytes(ref block);
        Random.NextBytes(bytes.Slice(X87FormBlock.MemoryOffset, X87FormBlock.MemorySize));
        var stack = new Extended80[8];
        for (var i = 0; i < 8; i++)
            stack[i] = _float.Extended();
        Shape(stack);
        for (var i = 0; i < 8; i++)
            Write(bytes[(X87FormBlock.StackOffset + 16 * i)..], stack[i]);
        if (code.ToOpCode().OpCount > 0 && code.ToOpCode().GetOpKind(0) == OpCodeOperandKind.mem && !Stores(code))
            Operand(code.ToOpCode().MemorySize, bytes.Slice(X87FormBlock.MemoryOffset, X87FormBlock.MemorySize));
        return block;
    }

    /// <summary>An x87 control word: any rounding, precision 24, 53 or 64, and exceptions masked but in one case of four.</summary>
    private ushort ControlWord() => (ushort)(0x0040 | (Random.Next(4) << 10) | (new[] { 0, 2, 3 }[Random.Next(3)] << 8)
        | (Random.Next(4) == 0 ? Random.Next(0x40) : 0x3F));

    /// <summary>A valid MXCSR: any rounding, DAZ and FTZ, and in one case of four some flags set and masks cleared.</summary>
    private uint Mxcsr() => (uint)((Random.Next(4) << 13) | (Random.Next(2) << 15) | (Random.Next(2) << 6)
        | (Random.Next(4) == 0 ? Random.Next(0x40) | (Random.Next(0x40) << 7) : 0x1F80));

    /// <summary>Moves operands into the ranges where a form's result is defined or interesting, in some cases.</summary>
    private void Shape(Extended80[] stack)
    {
        switch (_mnemonic)
        {
            case Mnemonic.Fist or Mnemonic.Fistp or Mnemonic.Fisttp:
                var bits = code.ToOpCode().MemorySize switch { MemorySize.Int16 => 15, MemorySize.Int32 => 31, _ => 63 };
                stack[0] = Exponent(stack[0], -2, bits + 1, 2);
                break;
            case Mnemonic.Fbstp:
                stack[0] = Exponent(stack[0], -2, 60, 2);
                break;
            case Mnemonic.Frndint:
                stack[0] = Exponent(stack[0], -2, 64, 2);
                break;
            case Mnemonic.Fsin or Mnemonic.Fcos or Mnemonic.Fsincos or Mnemonic.Fptan:
                stack[0] = Exponent(stack[0], -70, 70, 2);
                break;
            case Mnemonic.F2xm1:
                stack[0] = Exponent(stack[0], -80, -1, 1);
                break;
            case Mnemonic.Fyl2xp1:
                stack[0] = Exponent(stack[0], -80, -3, 1);
                break;
            case Mnemonic.Fyl2x:
                stack[0] = Exponent(stack[0], -200, 200, 2);
                if (Random.Next(4) != 0)
                    stack[0] = stack[0] with { SignExponent = (ushort)(stack[0].SignExponent & 0x7FFF) };
                break;
            case Mnemonic.Fpatan:
                stack[0] = Exponent(stack[0], -80, 80, 2);
                stack[1] = Exponent(stack[1], -80, 80, 2);
                break;
            case Mnemonic.Fscale:
                stack[1] = Exponent(stack[1], -2, 16, 2);
                break;
            case Mnemonic.Fprem or Mnemonic.Fprem1:
                stack[1] = Related(stack[1], stack[0], 70);
                break;
            default:
                for (var i = 1; i < 8; i++)
                    stack[i] = Random.Next(3) == 0 ? Related(stack[i], stack[0], 3) : stack[i];
                break;
        }
    }

    /// <summary>In one case of <paramref name="oneIn"/>, a normal value's unbiased exponent moved into [low, high].</summary>
    private Extended80 Exponent(Extended80 value, int low, int high, int oneIn)
    {
        if (Random.Next(oneIn) != 0 || (value.Significand >> 63) == 0 || (value.SignExponent & 0x7FFF) is 0 or 0x7FFF)
            return value;
        return value with { SignExponent = (ushort)((value.SignExponent & 0x8000) | (16383 + Random.Next(low, high + 1))) };
    }

    /// <summary>A normal value's exponent moved to within <paramref name="spread"/> below or above <paramref name="to"/>'s (cancellation, remainders).</summary>
    private Extended80 Related(Extended80 value, Extended80 to, int spread)
    {
        int field = to.SignExponent & 0x7FFF;
        if ((value.Significand >> 63) == 0 || (value.SignExponent & 0x7FFF) is 0 or 0x7FFF || field is 0 or 0x7FFF)
            return value;
        var moved = Math.Clamp(field + Random.Next(-spread, spread + 1), 1, 0x7FFE);
        return value with { SignExponent = (ushort)((value.SignExponent & 0x8000) | moved) };
    }

    private void Operand(MemorySize size, Span<byte> memory)
    {
        switch (size)
        {
            case MemorySize.Float32:
                BitConverter.TryWriteBytes(memory, _float.Single().Bits);
                break;
            case MemorySize.Float64:
                BitConverter.TryWriteBytes(memory, _float.Double().Bits);
                break;
            case MemorySize.Float80:
                Write(memory, _float.Extended());
                break;
            case MemorySize.Int16:
                BitConverter.TryWriteBytes(memory, (short)Integer(16));
                break;
            case MemorySize.Int32:
                BitConverter.TryWriteBytes(memory, (int)Integer(32));
                break;
            case MemorySize.Int64:
                BitConverter.TryWriteBytes(memory, Integer(64));
                break;
            case MemorySize.Bcd:
                Bcd(memory);
                break;
            case MemorySize.UInt16:
                BitConverter.TryWriteBytes(memory, ControlWord());
                break;
            case MemorySize.UInt32:
                BitConverter.TryWriteBytes(memory, Mxcsr());
                break;
            case MemorySize.FpuEnv14 or MemorySize.FpuState94:
                Environment(memory, size == MemorySize.FpuState94 ? 14 : -1);
                break;
            case MemorySize.FpuEnv28 or MemorySize.FpuState108:
                Environment(memory, size == MemorySize.FpuState108 ? 28 : -1);
                break;
            case MemorySize.Fxsave_512Byte or MemorySize.Fxsave64_512Byte:
                BitConverter.TryWriteBytes(memory, ControlWord());
                BitConverter.TryWriteBytes(memory[24..], Mxcsr());
                for (var i = 0; i < 8; i++)
                    Write(memory[(32 + 16 * i)..], _float.Extended());
                break;
            default:
                throw new NotSupportedException($"{code}: memory operand {size}");
        }
    }

    /// <summary>An integer of <paramref name="bits"/>: zero, ±1, the extremes, small values, values near 2^24 and 2^53 (where rounding starts) or any.</summary>
    private long Integer(int bits)
    {
        long max = bits == 64 ? long.MaxValue : (1L << (bits - 1)) - 1;
        long value = Random.Next(7) switch
        {
            0 => 0,
            1 => Random.Next(2) == 0 ? 1 : -1,
            2 => -max - 1,
            3 => max,
            4 => Random.Next(-1000, 1001),
            5 => (1L << Math.Min(bits - 2, new[] { 24, 53, 62 }[Random.Next(3)])) + Random.Next(-3, 4),
            _ => Random.NextInt64(),
        };
        return Random.Next(2) == 0 ? value : -value;
    }

    /// <summary>A valid packed BCD integer (FBLD's result is undefined for other digits): up to 18 digits and a sign byte of 00 or 80.</summary>
    private void Bcd(Span<byte> memory)
    {
        var digits = Random.Next(19);
        for (var i = 0; i < 9; i++)
        {
            int low = 2 * i < digits ? Random.Next(10) : 0, high = 2 * i + 1 < digits ? Random.Next(10) : 0;
            memory[i] = (byte)(high << 4 | low);
        }
        memory[9] = (byte)(Random.Next(2) << 7);
    }

    /// <summary>An FLDENV/FRSTOR image: a control word, any status and tag words and pointers, registers at <paramref name="registers"/> (none when negative).</summary>
    private void Environment(Span<byte> memory, int registers)
    {
        BitConverter.TryWriteBytes(memory, ControlWord());
        if (registers < 0)
            return;
        for (var i = 0; i < 8; i++)
            Write(memory[(registers + 10 * i)..], _float.Extended());
    }

    private static void Write(Span<byte> destination, Extended80 value)
    {
        BitConverter.TryWriteBytes(destination, value.Significand);
        BitConverter.TryWriteBytes(destination[8..], value.SignExponent);
    }
}
