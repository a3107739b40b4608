using System;
using HvDsl.Runtime.Cpu;
using HvDsl.Runtime.Cpu.Families;
using Iced.Intel;

namespace HvDsl.Runtime.Tests.Cpu;

/// <summary>Families fill one handler table by Iced code; a code claimed twice is refused, and SSE codes stay free for the SSE family.</summary>
public sealed unsafe class InstructionTableTests
{
    private static StepOutcome Nothing(VCpu cpu, ref Instruction ins) => StepOutcome.Next;

    [Fact]
    public void The_shipped_families_register_each_code_once_and_give_sse_movsd_and_cmpsd_to_the_sse_families()
    {
        var table = VCpu.RegisterFamilies();

        Assert.Equal("integer", table.FamilyOf(Code.Add_rm32_r32));
        Assert.Equal("string", table.FamilyOf(Code.Movsd_m32_m32));
        Assert.Equal("control flow", table.FamilyOf(Code.Jne_rel8_64));
        Assert.Equal("system", table.FamilyOf(Code.Hlt));
        Assert.Equal("sse", table.FamilyOf(Code.Movsd_xmm_xmmm64));
        Assert.Equal("sse-float", table.FamilyOf(Code.Cmpsd_xmm_xmmm64_imm8));
    }

    [Fact]
    public void A_code_registered_by_two_families_is_refused_naming_both()
    {
        var table = new InstructionTable();
        table.Family("first").Add(&Nothing, Mnemonic.Nop);

        var error = Assert.Throws<InvalidOperationException>(() => table.Family("second").Add(&Nothing, Code.Nopd));

        Assert.Equal("instruction code Nopd is registered by family first and again by second", error.Message);
    }

    [Fact]
    public void Privileged_registrations_mark_every_code_of_the_mnemonic()
    {
        var privileged = VCpu.RegisterFamilies().Privileged();

        Assert.True(privileged[(int)Code.Hlt]);
        Assert.True(privileged[(int)Code.Wrmsr]);
        Assert.True(privileged[(int)Code.Lgdt_m1632]);
        Assert.False(privileged[(int)Code.Cpuid]);
        Assert.False(privileged[(int)Code.Add_rm32_r32]);
    }
}
