using System;
using System.Buffers.Binary;
using HvDsl.Runtime.Cpu;
using HvDsl.Runtime.Tests.Support;
using Iced.Intel;
using static Iced.Intel.AssemblerRegisters;

namespace HvDsl.Runtime.Tests.Translation;

/// <summary>
/// The edges of the translated SSE fast path: each program loops four times over one instruction, so the later rounds
/// run translated, and must end exactly as the interpreter ends it; the instructions the interpreter had to run in the
/// translated block show whether the fast path took the case or handed it back.
/// </summary>
public sealed class TranslatedSseTests
{
    private const ulong Cr4Osfxsr = 1 << 9, Cr4Osxmmexcpt = 1 << 10;
    private const uint Mxcsr = 0x1F80, PrecisionMask = 1 << 12, Precision = 1 << 5, Denormal = 1 << 1, Invalid = 1;
    private const uint RoundTowardZero = 3 << 13, DenormalsAreZeros = 1 << 6, Underflow = 1 << 4;
    private const ulong Data = 0x200000;

    private static UInt128 Double(double value) => BitConverter.DoubleToUInt64Bits(value);

    /// <summary><c>mov ecx, 4; top: body; dec ecx; jnz top; hlt</c>.</summary>
    private static Action<Assembler> Loop(Action<Assembler> body) => a =>
    {
        var top = a.CreateLabel();
        a.mov(ecx, 4);
        a.Label(ref top);
        body(a);
        a.dec(ecx);
        a.jne(top);
        a.hlt();
    };

    /// <summary>
    /// <see cref="Loop"/> of <paramref name="body"/> with RBX at <paramref name="rbx"/> (a data page unless given), XMM0 and
    /// XMM1 preset, under <paramref name="mxcsr"/>, through the interpreter and translated: both must end in the same
    /// exit, state and memory.
    /// </summary>
    private static Vm Run(Action<Assembler> body, uint mxcsr, UInt128 xmm0, UInt128 xmm1, ulong rbx = Data)
    {
        var program = Loop(body);
        var interpreted = Boot(program, mxcsr, xmm0, xmm1, rbx, translate: false);
        var translated = Boot(program, mxcsr, xmm0, xmm1, rbx, translate: true);
        using (interpreted)
        {
            var expected = interpreted.Run(10_000);
            var actual = translated.Run(10_000);
            Assert.Equal((expected.Reason, expected.Message, expected.Address), (actual.Reason, actual.Message, actual.Address));
            Assert.Equal(TranslationDifferentialTests.State(interpreted), TranslationDifferentialTests.State(translated));
            Assert.Null(TranslationDifferentialTests.FirstDifferentByte(interpreted, translated));
        }
        Assert.True(translated.Cpu.Statistics.BlocksTranslated > 0, "nothing was translated");
        return translated;
    }

    private static Vm Boot(Action<Assembler> program, uint mxcsr, UInt128 xmm0, UInt128 xmm1, ulong rbx, bool translate)
    {
        var vm = Guest.Boot("long", program);
        vm.Cpu.Cr4 |= Cr4Osfxsr | Cr4Osxmmexcpt;
        vm.Cpu.Architectural.Mxcsr = mxcsr;
        vm.Cpu.Architectural.Xmm[0] = xmm0;
        vm.Cpu.Architectural.Xmm[1] = xmm1;
        vm.Cpu.SetRegister(Register.RBX, rbx);
        vm.Cpu.Idtr = new DescriptorTableRegister(0, 0);
        vm.Translate = translate;
        vm.TranslationThreshold = 1;
        return vm;
    }

    [Fact]
    public void Inexact_sum_sets_precision_in_the_fast_path_as_the_interpreter_does()
    {
        using var vm = Run(a => a.addsd(xmm0, xmm1), Mxcsr, Double(1.0), Double(Math.ScaleB(1.0, -60)));

        Assert.Equal(Double(1.0), vm.Cpu.Architectural.Xmm[0]);
        Assert.Equal(Mxcsr | Precision, vm.Cpu.Architectural.Mxcsr);
        Assert.Equal(0, vm.Cpu.Statistics.InstructionsStepped);
    }

    [Fact]
    public void Exact_products_leave_precision_clear_in_the_fast_path()
    {
        using var vm = Run(a => a.mulsd(xmm0, xmm1), Mxcsr, Double(3.0), Double(0.5));

        Assert.Equal(Double(3.0 / 16), vm.Cpu.Architectural.Xmm[0]);
        Assert.Equal(Mxcsr, vm.Cpu.Architectural.Mxcsr);
        Assert.Equal(0, vm.Cpu.Statistics.InstructionsStepped);
    }

    [Fact]
    public void Inexact_quotient_with_precision_unmasked_faults_at_the_instruction_with_the_destination_kept()
    {
        using var vm = Run(a => a.divsd(xmm0, xmm1), Mxcsr & ~PrecisionMask, Double(1.0), Double(3.0));

        Assert.Equal(Double(1.0), vm.Cpu.Architectural.Xmm[0]);
        Assert.Equal(Mxcsr & ~PrecisionMask | Precision, vm.Cpu.Architectural.Mxcsr);
    }

    [Fact]
    public void Denormal_operand_goes_to_the_soft_float_path_and_sets_de()
    {
        using var vm = Run(a => a.mulsd(xmm0, xmm1), Mxcsr, Double(double.Epsilon), Double(2.0));

        Assert.Equal(Denormal, vm.Cpu.Architectural.Mxcsr & Denormal);
        Assert.True(vm.Cpu.Statistics.InstructionsStepped > 0, "the fast path took a denormal operand");
    }

    [Fact]
    public void Directed_rounding_gives_the_soft_float_quotient()
    {
        using var vm = Run(a => a.divsd(xmm0, xmm1), Mxcsr | RoundTowardZero, Double(2.0), Double(3.0));

        Assert.True(vm.Cpu.Statistics.InstructionsStepped > 0, "the fast path took round toward zero");
    }

    [Fact]
    public void Square_root_of_a_negative_number_gives_the_default_nan_with_ie()
    {
        using var vm = Run(a => a.sqrtsd(xmm0, xmm1), Mxcsr, Double(1.0), Double(-4.0));

        Assert.Equal(0xFFF8_0000_0000_0000UL, (ulong)vm.Cpu.Architectural.Xmm[0]);
        Assert.Equal(Invalid, vm.Cpu.Architectural.Mxcsr & Invalid);
    }

    [Fact]
    public void Truncation_out_of_range_gives_the_integer_indefinite_and_in_range_truncates_toward_zero()
    {
        using (var vm = Run(a => a.cvttsd2si(rax, xmm0), Mxcsr, Double(1e300), 0))
            Assert.Equal(0x8000_0000_0000_0000UL, vm.Cpu.GetRegister(Register.RAX));
        using (var vm = Run(a => a.cvttsd2si(eax, xmm0), Mxcsr, Double(-2.75), 0))
        {
            Assert.Equal(0xFFFF_FFFEUL, vm.Cpu.GetRegister(Register.RAX));
            Assert.Equal(Mxcsr | Precision, vm.Cpu.Architectural.Mxcsr);
        }
    }

    [Fact]
    public void Two_declined_instructions_of_a_block_share_its_step_and_each_resumes_after_itself_with_the_flags_still_deferred()
    {
        using var vm = Run(a =>
        {
            a.add(esi, -1); // its carry stays deferred across both declines, for the ADC
            a.cvttsd2si(rax, xmm0);
            a.sqrtsd(xmm2, xmm1);
            a.adc(edi, 0);
        }, Mxcsr, Double(1e300), Double(-4.0));

        Assert.Equal(0x8000_0000_0000_0000UL, vm.Cpu.GetRegister(Register.RAX));
        Assert.Equal(0xFFF8_0000_0000_0000UL, (ulong)vm.Cpu.Architectural.Xmm[2]);
        Assert.Equal(3UL, vm.Cpu.GetRegister(Register.RDI));
        Assert.True(vm.Cpu.Statistics.InstructionsStepped >= 2, "an out-of-range truncation or a negative root took the fast path");
    }

    [Fact]
    public void Ordered_compare_sets_the_flags_a_following_setcc_reads()
    {
        using var vm = Run(a =>
        {
            a.comisd(xmm0, xmm1);
            a.setb(dl);
            a.sete(dh);
        }, Mxcsr, Double(1.0), Double(2.0));

        Assert.Equal(0x01UL, vm.Cpu.GetRegister(Register.RDX) & 0xFFFF);
    }

    [Theory]
    [InlineData(1.0, 2.0, true, false)]
    [InlineData(-3.5, -3.5, false, true)]
    [InlineData(1e300, -1e-300, false, false)]
    [InlineData(0.0, -0.0, false, true)]
    [InlineData(double.PositiveInfinity, 1.0, false, false)]
    public void Unordered_compare_sets_cf_for_less_and_zf_for_equal_and_clears_of_sf_and_pf(double a, double b, bool below, bool equal)
    {
        using var vm = Run(x =>
        {
            // 0x7FFFFFFF + 1 sets OF, SF, AF and PF; STC sets CF.
            x.mov(eax, 0x7FFF_FFFF);
            x.add(eax, 1);
            x.stc();
            x.ucomisd(xmm0, xmm1);
            x.setb(dl);
            x.sete(dh);
            x.seto(r8b);
            x.sets(r9b);
            x.setp(r10b);
        }, Mxcsr | Precision, Double(a), Double(b));

        Assert.Equal((below ? 1UL : 0) | (equal ? 0x100UL : 0), vm.Cpu.GetRegister(Register.RDX) & 0xFFFF);
        Assert.Equal(0UL, vm.Cpu.GetRegister(Register.R8) | vm.Cpu.GetRegister(Register.R9) | vm.Cpu.GetRegister(Register.R10));
    }

    [Fact]
    public void Non_canonical_operand_on_a_cached_page_faults_as_in_the_interpreter()
    {
        using var vm = Run(a =>
        {
            // The last round sets bit 62: the same page bits as the cached data page, but not canonical.
            a.cmp(ecx, 1);
            a.sete(al);
            a.movzx(eax, al);
            a.shl(rax, 62);
            a.or(rax, rbx);
            a.movsd(xmm1, __qword_ptr[rax]);
        }, Mxcsr, Double(1.0), Double(2.0));

        Assert.True(vm.Cpu.Statistics.InstructionsStepped > 0, "the non-canonical operand was read in the fast path");
    }

    [Fact]
    public void Misaligned_m128_operand_faults_as_in_the_interpreter()
    {
        using var vm = Run(a => a.andpd(xmm0, __xmmword_ptr[rbx + 8]), Mxcsr, Double(1.0), 0);

        Assert.True(vm.Cpu.Statistics.InstructionsStepped > 0, "the misaligned operand was read in the fast path");
    }

    [Fact]
    public void Scalar_store_and_unaligned_load_round_trip_through_memory()
    {
        using var vm = Run(a =>
        {
            a.movsd(__qword_ptr[rbx + 16], xmm0);
            a.movupd(xmm1, __xmmword_ptr[rbx + 8]);
        }, Mxcsr, Double(5.5), Double(7.0));

        Assert.Equal((UInt128)Double(5.5) << 64, vm.Cpu.Architectural.Xmm[1]);
    }

    [Fact]
    public void Inexact_sum_with_precision_already_set_takes_the_fast_path_and_keeps_mxcsr()
    {
        using var vm = Run(a => a.addsd(xmm0, xmm1), Mxcsr | Precision, Double(1.0), Double(Math.ScaleB(1.0, -60)));

        Assert.Equal(Double(1.0), vm.Cpu.Architectural.Xmm[0]);
        Assert.Equal(Mxcsr | Precision, vm.Cpu.Architectural.Mxcsr);
        Assert.Equal(0, vm.Cpu.Statistics.InstructionsStepped);
    }

    [Fact]
    public void Scalar_double_arithmetic_with_precision_already_set_runs_inline_as_the_interpreter_computes_it()
    {
        using var vm = Run(a =>
        {
            a.movapd(xmm2, xmm0);
            a.addsd(xmm2, xmm1);
            a.mulsd(xmm2, xmm1);
            a.subsd(xmm2, xmm0);
            a.divsd(xmm2, xmm1);
            a.sqrtsd(xmm3, xmm2);
        }, Mxcsr | Precision, Double(1.0 / 3), Double(Math.PI));

        var expected = Math.Sqrt(((1.0 / 3 + Math.PI) * Math.PI - 1.0 / 3) / Math.PI);
        Assert.Equal(Double(expected), vm.Cpu.Architectural.Xmm[3]);
        Assert.Equal(Mxcsr | Precision, vm.Cpu.Architectural.Mxcsr);
        Assert.Equal(0, vm.Cpu.Statistics.InstructionsStepped);
    }

    [Fact]
    public void Exact_cancellation_with_precision_already_set_gives_positive_zero()
    {
        using var vm = Run(a =>
        {
            a.movapd(xmm2, xmm0);
            a.subsd(xmm2, xmm1);
        }, Mxcsr | Precision, Double(2.5), Double(2.5));

        Assert.Equal(Double(0.0), vm.Cpu.Architectural.Xmm[2]);
        Assert.Equal(0, vm.Cpu.Statistics.InstructionsStepped);
    }

    [Fact]
    public void Square_root_of_a_negative_number_with_precision_already_set_gives_the_default_nan_with_ie()
    {
        using var vm = Run(a => a.sqrtsd(xmm0, xmm1), Mxcsr | Precision, Double(1.0), Double(-4.0));

        Assert.Equal(0xFFF8_0000_0000_0000UL, (ulong)vm.Cpu.Architectural.Xmm[0]);
        Assert.Equal(Invalid, vm.Cpu.Architectural.Mxcsr & Invalid);
    }

    [Fact]
    public void Denormal_result_with_precision_already_set_goes_to_the_soft_float_path_and_sets_ue()
    {
        using var vm = Run(a =>
        {
            a.movapd(xmm2, xmm0);
            a.mulsd(xmm2, xmm1);
        }, Mxcsr | Precision, Double(Math.BitIncrement(Math.ScaleB(1.0, -600))), Double(Math.ScaleB(1.0, -500)));

        Assert.Equal(Underflow, vm.Cpu.Architectural.Mxcsr & Underflow);
        Assert.True(vm.Cpu.Statistics.InstructionsStepped > 0, "the fast path took a denormal result");
    }

    [Fact]
    public void Nan_payload_passes_through_the_soft_float_path()
    {
        const ulong quietNan = 0x7FF8_0000_0000_1234;
        using var vm = Run(a => a.addsd(xmm0, xmm1), Mxcsr | Precision, quietNan, Double(1.0));

        Assert.Equal(quietNan, (ulong)vm.Cpu.Architectural.Xmm[0]);
        Assert.True(vm.Cpu.Statistics.InstructionsStepped > 0, "the fast path took a NaN");
    }

    [Fact]
    public void Denormals_are_zeros_sends_arithmetic_to_the_soft_float_path()
    {
        using var vm = Run(a =>
        {
            a.movapd(xmm2, xmm0);
            a.addsd(xmm2, xmm1);
        }, Mxcsr | DenormalsAreZeros | Precision, Double(double.Epsilon), Double(1.0));

        Assert.Equal(Double(1.0), vm.Cpu.Architectural.Xmm[2]);
        Assert.True(vm.Cpu.Statistics.InstructionsStepped > 0, "the fast path ran under DAZ");
    }

    [Fact]
    public void Moves_stay_in_the_fast_path_under_directed_rounding()
    {
        using var vm = Run(a =>
        {
            a.movapd(xmm1, xmm0);
            a.unpcklpd(xmm1, xmm1);
        }, Mxcsr | RoundTowardZero, Double(2.5), 0);

        Assert.Equal(Double(2.5) << 64 | Double(2.5), vm.Cpu.Architectural.Xmm[1]);
        Assert.Equal(0, vm.Cpu.Statistics.InstructionsStepped);
    }

    [Fact]
    public void Stores_to_the_page_of_the_running_code_write_without_stepping_the_instruction()
    {
        using var vm = Run(a =>
        {
            a.movsd(__qword_ptr[rbx + 0x800], xmm0);
            a.movups(__xmmword_ptr[rbx + 0x808], xmm1);
        }, Mxcsr, Double(5.5), (UInt128)Double(7.0) << 64 | Double(3.0), rbx: Guest.Code);

        Assert.Equal(BitConverter.DoubleToUInt64Bits(3.0), Guest.ReadU64(vm, Guest.Code + 0x808));
        Assert.Equal(0, vm.Cpu.Statistics.InstructionsStepped);
    }

    [Fact]
    public void Wide_store_over_the_running_block_leaves_it_and_ends_as_the_interpreter_does()
    {
        // The store writes the program's own 13 bytes (and the zeros after them) over themselves: decoded code, written.
        Action<Assembler> body = a => a.movups(__xmmword_ptr[rbx], xmm1);
        var code = new byte[16];
        Guest.Assemble(64, Guest.Code, Loop(body)).CopyTo(code, 0);

        using var vm = Run(body, Mxcsr, 0, BinaryPrimitives.ReadUInt128LittleEndian(code), rbx: Guest.Code);

        Assert.Equal(0UL, vm.Cpu.GetRegister(Register.RCX));
    }
}
