using System;
using HvDsl.Runtime.Cpu.Float;
using Iced.Intel;
using static Iced.Intel.AssemblerRegisters;

namespace HvDsl.Runtime.Tests.Float;

/// <summary>x87 loads and stores of every memory format (binary32, binary64, int16/32/64, packed BCD) against the host.</summary>
public class X87ConversionDifferentialTests
{
    private const int In = HostFpuBlock.MemoryOffset, Out = HostFpuBlock.MemoryOutOffset;
    private const ushort Rounding = X87Case.Exceptions | FpX87.C1;

    [HostFpuTheory]
    [InlineData(false)]
    [InlineData(true)]
    public void Fld_of_a_binary_format_matches_the_host(bool isDouble)
    {
        using var host = HostFpu.X87(a => { if (isDouble) a.fld(__qword_ptr[rdi + In]); else a.fld(__dword_ptr[rdi + In]); });
        FloatDifferential.Check(isDouble ? "fld_m64" : "fld_m32", o =>
        {
            ulong memory = isDouble ? o.Double().Bits : o.Single().Bits;
            return X87Case.Run(host, o, default, default, memory, X87Case.Exceptions, env =>
            {
                FpValue m = isDouble ? new Float64(memory).Unpack(env) : new Float32((uint)memory).Unpack(env);
                return new X87Expectation(Extended80.Pack(FpConvert.ToFormat(m, FpFormat.Extended, false, env)), null, X87Case.Status(env));
            });
        });
    }

    [HostFpuTheory]
    [InlineData(false)]
    [InlineData(true)]
    public void Fst_to_a_binary_format_matches_the_host(bool isDouble)
    {
        using var host = HostFpu.X87(a => { if (isDouble) a.fst(__qword_ptr[rdi + Out]); else a.fst(__dword_ptr[rdi + Out]); });
        FloatDifferential.Check(isDouble ? "fst_m64" : "fst_m32", o =>
        {
            Extended80 a = o.Extended();
            return X87Case.Run(host, o, a, default, 0, Rounding, env =>
            {
                FpValue stored = FpConvert.ToFormat(a.Unpack(env), isDouble ? FpFormat.Double : FpFormat.Single, true, env);
                ulong bits = isDouble ? Float64.Pack(stored).Bits : Float32.Pack(stored).Bits;
                return new X87Expectation(null, bits, X87Case.Status(env));
            });
        });
    }

    [HostFpuTheory]
    [InlineData(16, false)]
    [InlineData(32, false)]
    [InlineData(64, false)]
    [InlineData(16, true)]
    [InlineData(32, true)]
    [InlineData(64, true)]
    public void Integer_store_matches_the_host(int bits, bool truncate)
    {
        using var host = HostFpu.X87(a =>
        {
            switch ((bits, truncate))
            {
                case (16, false): a.fistp(__word_ptr[rdi + Out]); break;
                case (32, false): a.fistp(__dword_ptr[rdi + Out]); break;
                case (64, false): a.fistp(__qword_ptr[rdi + Out]); break;
                case (16, true): a.fisttp(__word_ptr[rdi + Out]); break;
                case (32, true): a.fisttp(__dword_ptr[rdi + Out]); break;
                default: a.fisttp(__qword_ptr[rdi + Out]); break;
            }
        });
        FloatDifferential.Check($"fist{(truncate ? "t" : "")}p_m{bits}", o =>
        {
            Extended80 a = InIntegerRange(o, o.Extended(), 62);
            return X87Case.Run(host, o, a, default, 0, Rounding, env =>
            {
                long value = FpConvert.ToInteger(a.Unpack(env), bits, truncate, env);
                ulong mask = bits == 64 ? ulong.MaxValue : (1UL << bits) - 1;
                return new X87Expectation(null, (ulong)value & mask, X87Case.Status(env));
            });
        });
    }

    [HostFpuTheory]
    [InlineData(16)]
    [InlineData(32)]
    [InlineData(64)]
    public void Fild_matches_the_host(int bits)
    {
        using var host = HostFpu.X87(a =>
        {
            if (bits == 16) a.fild(__word_ptr[rdi + In]);
            else if (bits == 32) a.fild(__dword_ptr[rdi + In]);
            else a.fild(__qword_ptr[rdi + In]);
        });
        FloatDifferential.Check($"fild_m{bits}", o =>
        {
            long value = o.Random.NextInt64() >> o.Random.Next(64);
            value = o.Random.Next(2) == 0 ? value : -value;
            value = bits == 16 ? (short)value : bits == 32 ? (int)value : value;
            ulong memory = bits == 64 ? (ulong)value : (ulong)value & ((1UL << bits) - 1);
            return X87Case.Run(host, o, default, default, memory, X87Case.Exceptions, env =>
                new X87Expectation(Extended80.Pack(FpConvert.FromInteger(value, FpFormat.Extended, 64, env)), null, X87Case.Status(env)));
        });
    }

    [HostFpuFact]
    public void Fbld_matches_the_host()
    {
        using var host = HostFpu.X87(a => a.fbld(__tword_ptr[rdi + In]));
        FloatDifferential.Check("fbld", o =>
        {
            byte[] bcd = new byte[16];
            int digitLimit = o.Random.Next(8) == 0 ? 16 : 10;
            for (int i = 0; i < 9; i++)
                bcd[i] = (byte)(o.Random.Next(digitLimit) | (o.Random.Next(digitLimit) << 4));
            bcd[9] = (byte)(o.Random.Next(2) << 7);
            UInt128 memory = new(BitConverter.ToUInt64(bcd, 8), BitConverter.ToUInt64(bcd, 0));
            return X87Case.Run(host, o, default, default, memory, X87Case.Exceptions, env =>
                new X87Expectation(Extended80.Pack(FpBcd.Load(bcd, env)), null, X87Case.Status(env)));
        });
    }

    [HostFpuFact]
    public void Fbstp_matches_the_host()
    {
        using var host = HostFpu.X87(a => a.fbstp(__tword_ptr[rdi + Out]));
        FloatDifferential.Check("fbstp", o =>
        {
            Extended80 a = InIntegerRange(o, o.Extended(), 60);
            return X87Case.Run(host, o, a, default, 0, Rounding, env =>
            {
                byte[] bcd = new byte[16];
                FpBcd.Store(a.Unpack(env), bcd, env);
                return new X87Expectation(null, new UInt128(BitConverter.ToUInt64(bcd, 8), BitConverter.ToUInt64(bcd, 0)), X87Case.Status(env));
            });
        });
    }

    /// <summary>In one case of two, a normal operand's exponent moved to [-2, <paramref name="maximum"/>], where integer stores round rather than overflow.</summary>
    private static Extended80 InIntegerRange(FloatOperands o, Extended80 a, int maximum)
    {
        if (o.Random.Next(2) == 0 || (a.Significand >> 63) == 0 || (a.SignExponent & 0x7FFF) == 0x7FFF)
            return a;
        return new Extended80((ushort)((a.SignExponent & 0x8000) | (16383 + o.Random.Next(-2, maximum + 3))), a.Significand);
    }
}
