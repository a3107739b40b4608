using HvDsl.Runtime.Tests.Support;
using Iced.Intel;
using static Iced.Intel.AssemblerRegisters;

namespace HvDsl.Runtime.Tests.Translation;

/// <summary>When a block is translated, and what the vCPU's statistics say about translation.</summary>
public sealed class TranslationStatisticsTests
{
    /// <summary><c>mov ecx, N; top: dec ecx; jnz top; hlt</c>: a two-instruction block run N times.</summary>
    private static Vm CountDown(uint runs)
    {
        var vm = Guest.Boot("long", a =>
        {
            var top = a.CreateLabel();
            a.mov(ecx, runs);
            a.Label(ref top);
            a.dec(ecx);
            a.jne(top);
            a.hlt();
        });
        vm.Translate = true;
        vm.TranslationThreshold = 100;
        return vm;
    }

    [Fact]
    public void Block_that_runs_fewer_instructions_than_the_threshold_stays_in_the_interpreter()
    {
        using var vm = CountDown(49);
        Guest.RunToHalt(vm);
        Assert.Equal(0, vm.Cpu.Statistics.BlocksTranslated);
        Assert.Equal(0, vm.Cpu.Statistics.InstructionsTranslated);
    }

    [Fact]
    public void Block_is_translated_once_it_has_run_the_threshold_in_instructions_and_runs_the_rest_translated()
    {
        using var vm = CountDown(1000);
        Guest.RunToHalt(vm);
        Assert.Equal(0UL, vm.Cpu.GetRegister(Register.RCX));
        Assert.Equal(1, vm.Cpu.Statistics.BlocksTranslated);
        // The loop is its own block from the first pass (MOV ECX ends the block before it): its first 49 runs (98
        // instructions, under the threshold of 100) were interpreted, the other 951 ran translated.
        Assert.Equal(951 * 2, vm.Cpu.Statistics.InstructionsTranslated);
        Assert.Equal(0, vm.Cpu.Statistics.InstructionsStepped);
    }

    [Fact]
    public void Instruction_the_translator_leaves_to_the_interpreter_is_counted_as_stepped()
    {
        using var vm = Guest.Boot("long", a =>
        {
            var top = a.CreateLabel();
            a.mov(ecx, 100);
            a.Label(ref top);
            a.bswap(eax);
            a.dec(ecx);
            a.jne(top);
            a.hlt();
        });
        vm.Translate = true;
        vm.TranslationThreshold = 1;
        Guest.RunToHalt(vm);
        // The entry block (mov, bswap, dec, jnz) once and the loop (bswap, dec, jnz) 99 times.
        Assert.Equal(2, vm.Cpu.Statistics.BlocksTranslated);
        Assert.Equal(4 + 99 * 3, vm.Cpu.Statistics.InstructionsTranslated);
        Assert.Equal(100, vm.Cpu.Statistics.InstructionsStepped);
    }

    [Fact]
    public void Code_write_into_a_translated_block_counts_its_translation_stale_and_translated_again()
    {
        using var vm = Guest.Boot("long", TranslatedBlockTests.SelfModifyingLoop);
        vm.Translate = true;
        vm.TranslationThreshold = 1;
        Guest.RunToHalt(vm);
        Assert.Equal(51UL + 49 * 7, vm.Cpu.GetRegister(Register.RDX));
        Assert.True(vm.Cpu.Statistics.TranslationsStale >= 1, $"{vm.Cpu.Statistics.TranslationsStale} stale");
        Assert.True(vm.Cpu.Statistics.BlocksRetranslated >= 1, $"{vm.Cpu.Statistics.BlocksRetranslated} translated again");
        Assert.Equal(0, vm.Cpu.Statistics.TranslationsEvicted);
    }
}
