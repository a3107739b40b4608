using System;
using HvDsl.Runtime.Cpu.Float;
using HvDsl.Runtime.Tests.Float;
using Iced.Intel;

namespace HvDsl.Runtime.Tests.Cpu.X87;

/// <summary>
/// The responses the x87 form differential found the vCPU giving differently from the host processor (an AMD EPYC), one
/// case each: the guest's outcome is asserted, and where the host can run x87 code it must agree in the whole compared state.
/// </summary>
public sealed class X87ExceptionResponseTests
{
    private const ushort Ie = 0x01, De = 0x02, Oe = 0x08, Ue = 0x10, Pe = 0x20, Sf = 0x40, Es = 0x80, C1 = 0x200;
    private const ushort Unordered = 0x4500; // C3, C2, C0
    private static readonly Extended80 One = new(0x3FFF, 1UL << 63), Denormal = new(0, 0x1234);
    private static readonly Extended80 Indefinite = new(0xFFFF, 0xC000_0000_0000_0000);

    [Fact]
    public void Fcomp_with_an_unmasked_invalid_operand_sets_unordered_codes_and_pops_nothing()
    {
        var guest = Run(Code.Fcomp_st0_sti, 0x037E, [new(0x7FFF, 0xC000_0000_0000_0001), One]);

        Assert.Equal(Unordered | Es | Ie | 6 << 11, guest.StatusWord & ~0x8000);
    }

    [Fact]
    public void Fcomi_with_an_unmasked_denormal_still_orders_the_operands()
    {
        var guest = Run(Code.Fcomi_st0_sti, 0x037D, [Denormal, One]);

        Assert.Equal(0x01ul, guest.FlagsOut & 0x45); // CF: ST(0) below ST(1)
        Assert.Equal(De | Es, guest.StatusWord & 0xFF);
    }

    [Fact]
    public void Fld_m32_of_a_denormal_with_de_unmasked_still_loads()
    {
        var guest = Run(Code.Fld_m32fp, 0x037D, [One], memory: [1, 0, 0, 0]);

        Assert.Equal(De | Es | 6 << 11, guest.StatusWord & ~0x8000);
        Assert.Equal(new Extended80(0x3F6A, 1UL << 63), St(guest, 0)); // 2^-149, normal in 80 bits
    }

    [Fact]
    public void Fld_m32_of_a_denormal_onto_a_full_stack_reports_the_overflow_alone()
    {
        var guest = Run(Code.Fld_m32fp, 0x037F, [One, One, One, One, One, One, One, One], memory: [1, 0, 0, 0]);

        Assert.Equal(C1 | Sf | Ie, guest.StatusWord & (C1 | 0x7F));
        Assert.Equal(Indefinite, St(guest, 0));
    }

    [Fact]
    public void Fst_m32_with_overflow_unmasked_stores_nothing_and_reports_neither_precision_nor_c1()
    {
        var guest = Run(Code.Fst_m32fp, 0x0377, [new(0x7FFE, 0xC000_0000_0000_0001)], memory: [0xAA, 0xBB, 0xCC, 0xDD]);

        Assert.Equal(Es | Oe, guest.StatusWord & (C1 | 0xFF));
        Assert.Equal(0xDDCCBBAAu, Memory32(guest));
    }

    [Fact]
    public void Fstpnce_of_an_empty_st0_pops_without_a_fault_and_leaves_its_destination_empty()
    {
        var guest = Run(Code.Fstpnce_sti, 0x037F, [], index: 1);

        Assert.Equal(1 << 11, guest.StatusWord);
        Assert.Equal(0xFFFF, Tags(guest));
    }

    [Fact]
    public void Fsincos_on_an_empty_stack_answers_with_two_indefinites()
    {
        var guest = Run(Code.Fsincos, 0x037F, []);

        Assert.Equal(7 << 11 | Sf | Ie, guest.StatusWord);
        Assert.Equal(Indefinite, St(guest, 0));
        Assert.Equal(Indefinite, St(guest, 1));
    }

    [Fact]
    public void Fptan_of_an_infinity_pushes_the_indefinite_after_the_indefinite()
    {
        var guest = Run(Code.Fptan, 0x037F, [new(0x7FFF, 1UL << 63)]);

        Assert.Equal(6 << 11 | Ie, guest.StatusWord);
        Assert.Equal(Indefinite, St(guest, 0));
        Assert.Equal(Indefinite, St(guest, 1));
    }

    [Fact]
    public void Fxtract_onto_a_full_stack_answers_with_two_indefinites_and_no_denormal()
    {
        var guest = Run(Code.Fxtract, 0x037F, [Denormal, One, One, One, One, One, One, One]);

        Assert.Equal(7 << 11 | C1 | Sf | Ie, guest.StatusWord);
        Assert.Equal(Indefinite, St(guest, 0));
    }

    [Fact]
    public void Fldenv_of_a_16_bit_image_leaves_fop_zero()
    {
        var guest = Run(Code.Fldenv_m14byte, 0x037F, [One], memory: [0x7F, 0x03, 0, 0, 0xFF, 0xFF]);

        Assert.Equal(0, X87FormBlock.Bytes(ref guest)[X87FormBlock.SaveOffset + 18] | X87FormBlock.Bytes(ref guest)[X87FormBlock.SaveOffset + 19] & 7);
    }

    [Fact]
    public void Fscale_past_the_bias_adjustment_with_overflow_unmasked_gives_an_inexact_infinity()
    {
        var guest = Run(Code.Fscale, 0x0377, [One, new(0x4013, 1UL << 63)]);

        Assert.Equal(C1 | Es | Pe | Oe, guest.StatusWord & (C1 | 0xFF));
        Assert.Equal(new Extended80(0x7FFF, 1UL << 63), St(guest, 0));
    }

    [Fact]
    public void Fscale_past_the_bias_adjustment_with_underflow_unmasked_gives_an_inexact_zero()
    {
        var guest = Run(Code.Fscale, 0x036F, [One, new(0xC013, 1UL << 63)]);

        Assert.Equal(Es | Pe | Ue, guest.StatusWord & (C1 | 0xFF));
        Assert.Equal(new Extended80(0, 0), St(guest, 0));
    }

    [Fact]
    public void Fprem1_of_a_tiny_remainder_with_underflow_unmasked_raises_ue()
    {
        var guest = Run(Code.Fprem1, 0x036F, [Denormal, One]);

        Assert.Equal(Es | Ue | De, guest.StatusWord & 0xFF);
    }

    /// <summary>Runs <paramref name="code"/> once in a guest (and on the host, which must agree) with <paramref name="stack"/> pushed, ST(0) first.</summary>
    private static X87FormBlock Run(Code code, ushort controlWord, Extended80[] stack, int index = 1, byte[]? memory = null)
    {
        var block = new X87FormBlock { ControlWord = controlWord, Mxcsr = 0x1F80, Depth = (byte)stack.Length, Index = (byte)index, FlagsIn = 2 };
        var bytes = X87FormBlock.Bytes(ref block);
        for (var i = 0; i < stack.Length; i++)
        {
            BitConverter.TryWriteBytes(bytes[(16 * i)..], stack[i].Significand);
            BitConverter.TryWriteBytes(bytes[(16 * i + 8)..], stack[i].SignExponent);
        }
        memory?.CopyTo(bytes[X87FormBlock.MemoryOffset..]);
        var guest = X87FormDifferential.Guest(code, [block])[0];
        if (HostFpu.Available)
            Assert.Null(X87FormComparison.Difference(code, X87FormDifferential.Host(code, [block])[0], guest));
        return guest;
    }

    private static Extended80 St(X87FormBlock block, int i)
    {
        var slot = X87FormBlock.Bytes(ref block)[(X87FormBlock.SaveOffset + 28 + 10 * i)..];
        return new(BitConverter.ToUInt16(slot[8..]), BitConverter.ToUInt64(slot));
    }

    private static int Tags(X87FormBlock block) => BitConverter.ToUInt16(X87FormBlock.Bytes(ref block)[(X87FormBlock.SaveOffset + 8)..]);

    private static uint Memory32(X87FormBlock block) => BitConverter.ToUInt32(X87FormBlock.Bytes(ref block)[X87FormBlock.MemoryOffset..]);
}
