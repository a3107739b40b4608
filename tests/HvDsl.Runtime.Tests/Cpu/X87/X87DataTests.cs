using System;
using HvDsl.Runtime.Cpu.Float;
using HvDsl.Runtime.Tests.Float;
using Iced.Intel;
using static Iced.Intel.AssemblerRegisters;

namespace HvDsl.Runtime.Tests.Cpu.X87;

/// <summary>The x87 data movement instructions against the host FPU: loads, stores, integer and BCD conversions, constants, FXCH, FCMOVcc.</summary>
public sealed class X87DataTests
{
    private const int Mem = HostFpuBlock.MemoryOffset, Out = HostFpuBlock.MemoryOutOffset;

    private static HostFpuBlock Block(ushort rounding = 0, ulong memory = 0, Extended80? a = null, Extended80? b = null)
    {
        var block = HostFpuBlock.Create();
        block.ControlWord = (ushort)(0x037F | rounding << 10);
        block.Memory = memory;
        block.A = HostFpuBlock.FromExtended(a ?? new Extended80(0x3FFF, 0xC000_0000_0000_0000)); // 1.5
        block.B = HostFpuBlock.FromExtended(b ?? new Extended80(0xC000, 0x8000_0000_0000_0000)); // -2
        return block;
    }

    [Theory]
    [InlineData(0x3F800000u)] // 1
    [InlineData(0x00000001u)] // the smallest denormal: DE
    [InlineData(0x7F800001u)] // SNaN: IE, quieted
    [InlineData(0xFF800000u)] // -inf
    [InlineData(0x80000000u)] // -0
    public void Fld_m32_widens_exactly_with_the_hosts_flags(uint bits)
    {
        X87Differential.Compare(a =>
        {
            a.fld(__dword_ptr[rdi + Mem]);
            a.fstp(__tword_ptr[rdi + Out]);
        }, Block(memory: bits));
    }

    [Theory]
    [InlineData(0x0000_0000_0000_0001UL)]
    [InlineData(0x7FF0_0000_0000_0001UL)]
    [InlineData(0x3FF1_2345_6789_ABCDUL)]
    public void Fld_m64_widens_exactly_with_the_hosts_flags(ulong bits)
    {
        X87Differential.Compare(a =>
        {
            a.fld(__qword_ptr[rdi + Mem]);
            a.fstp(__tword_ptr[rdi + Out]);
        }, Block(memory: bits));
    }

    [Theory]
    [InlineData(0), InlineData(1), InlineData(2), InlineData(3)]
    public void Fst_m32_and_m64_round_under_each_rounding_mode_like_the_host(int rounding)
    {
        var third = new Extended80(0x3FFD, 0xAAAA_AAAA_AAAA_AAAB); // 1/3
        X87Differential.Compare(a => a.fst(__dword_ptr[rdi + Out]), Block((ushort)rounding, a: third));
        X87Differential.Compare(a => a.fstp(__qword_ptr[rdi + Out]), Block((ushort)rounding, a: third with { SignExponent = 0xBFFD }));
    }

    [Fact]
    public void Fst_m32_of_a_value_too_large_overflows_to_infinity()
    {
        X87Differential.Compare(a => a.fst(__dword_ptr[rdi + Out]), Block(a: new Extended80(0x43FF, 0x8000_0000_0000_0000)));
    }

    [Theory]
    [InlineData(0), InlineData(1), InlineData(2), InlineData(3)]
    public void Fist_rounds_under_rc_and_fisttp_truncates(int rounding)
    {
        var value = new Extended80(0xC000, 0xB000_0000_0000_0000); // -2.75
        X87Differential.Compare(a => a.fist(__dword_ptr[rdi + Out]), Block((ushort)rounding, a: value));
        X87Differential.Compare(a => a.fisttp(__word_ptr[rdi + Out]), Block((ushort)rounding, a: value));
        X87Differential.Compare(a => a.fistp(__qword_ptr[rdi + Out]), Block((ushort)rounding, a: value));
    }

    [Fact]
    public void Fist_m16_out_of_range_stores_the_integer_indefinite_with_ie()
    {
        var guest = X87Differential.Compare(a => a.fist(__word_ptr[rdi + Out]), Block(a: new Extended80(0x400F, 0x8000_0000_0000_0000)));
        Assert.Equal((UInt128)0x8000, guest.MemoryOut);
    }

    [Theory]
    [InlineData(0x8000UL)]
    [InlineData(0x8000_0000_0000_0000UL)]
    [InlineData(0x0000_0000_7FFF_FFFFUL)]
    public void Fild_loads_16_32_and_64_bit_integers_exactly(ulong bits)
    {
        X87Differential.Compare(a => a.fild(__word_ptr[rdi + Mem]), Block(memory: bits));
        X87Differential.Compare(a => a.fild(__dword_ptr[rdi + Mem]), Block(memory: bits));
        X87Differential.Compare(a => a.fild(__qword_ptr[rdi + Mem]), Block(memory: bits));
    }

    [Fact]
    public void Fbld_and_fbstp_carry_eighteen_bcd_digits_and_their_sign()
    {
        var bcd = new UInt128(0x80, 0x1234_5678_9012_3456);
        var block = Block();
        block.Memory = bcd;
        var guest = X87Differential.Compare(a =>
        {
            a.fbld(__tword_ptr[rdi + Mem]);
            a.fbstp(__tword_ptr[rdi + Out]);
        }, block);
        Assert.Equal(bcd, guest.MemoryOut);
    }

    [Theory]
    [InlineData(0), InlineData(1), InlineData(2), InlineData(3)]
    public void The_constants_round_under_each_rounding_mode_like_the_host(int rounding)
    {
        foreach (var load in new Action<Assembler>[] { a => a.fldpi(), a => a.fldl2t(), a => a.fldl2e(), a => a.fldlg2(), a => a.fldln2(), a => a.fld1(), a => a.fldz() })
        {
            X87Differential.Compare(a =>
            {
                a.fstp(st0); // make room: the prologue filled two slots, the constant takes a third
                load(a);
            }, Block((ushort)rounding));
        }
    }

    [Fact]
    public void Fstpnce_stores_st0_into_sti_and_pops_as_fstp_does()
    {
        var block = HostFpuBlock.Create();
        block.A = HostFpuBlock.FromExtended(new Extended80(0x3FFF, 0x8000_0000_0000_0000));
        block.B = HostFpuBlock.FromExtended(new Extended80(0x4000, 0xC000_0000_0000_0000));

        var guest = X87Differential.Compare(a => a.AddInstruction(Instruction.Create(Code.Fstpnce_sti, Register.ST1)), block);

        Assert.Equal(new Extended80(0x3FFF, 0x8000_0000_0000_0000), guest.St0);
    }

    [Fact]
    public void A_ninth_push_is_a_stack_overflow_that_loads_the_indefinite_with_ie_sf_and_c1()
    {
        var guest = X87Differential.Compare(a =>
        {
            for (var i = 0; i < 7; i++)
                a.fld1();
        }, Block());
        Assert.Equal(0x0241, guest.StatusWord & 0x0241);
    }

    [Fact]
    public void Fst_from_an_empty_register_is_a_stack_underflow_that_stores_the_indefinite()
    {
        X87Differential.Compare(a =>
        {
            a.ffree(st0);
            a.fst(__qword_ptr[rdi + Out]);
        }, Block());
    }

    [Fact]
    public void Fxch_fincstp_fdecstp_and_ffreep_move_values_and_tags_like_the_host()
    {
        X87Differential.Compare(a =>
        {
            a.fxch(st0, st1);
            a.fdecstp();
            a.fincstp();
            a.fld(st1);
            a.ffreep(st0);
            a.fincstp();
            a.fdecstp(); // ST(0) read after FINCSTP alone would be an empty slot's stale contents, which differ between runs
        }, Block());
    }

    [Theory]
    [InlineData(0x0)]
    [InlineData(0x1)]
    [InlineData(0x40)]
    [InlineData(0x4)]
    public void Fcmovcc_follow_cf_zf_and_pf(int flags)
    {
        foreach (var move in new Action<Assembler>[] { a => a.fcmovb(st0, st1), a => a.fcmove(st0, st1), a => a.fcmovbe(st0, st1),
            a => a.fcmovu(st0, st1), a => a.fcmovnb(st0, st1), a => a.fcmovne(st0, st1), a => a.fcmovnbe(st0, st1), a => a.fcmovnu(st0, st1) })
        {
            X87Differential.Compare(a =>
            {
                a.push(flags | 2);
                a.popfq();
                move(a);
            }, Block());
        }
    }
}
