using HvDsl.Runtime.Debugging;
using HvDsl.Runtime.Exits;
using HvDsl.Runtime.Tests.Support;
using Iced.Intel;
using static Iced.Intel.AssemblerRegisters;

namespace HvDsl.Runtime.Tests.Translation;

/// <summary>What a translated block must keep exact besides its arithmetic: code writes, budgets and counts.</summary>
public sealed class TranslatedBlockTests
{
    /// <summary>
    /// <c>mov ecx, 100; top: mov eax, 1; add edx, eax; (at ecx = 50: mov dword [top + 1], 7); dec ecx; jnz top; hlt</c>:
    /// the loop's own MOV immediate is rewritten halfway.
    /// </summary>
    internal static void SelfModifyingLoop(Assembler a)
    {
        var top = a.CreateLabel();
        var skip = a.CreateLabel();
        a.mov(ecx, 100);
        a.Label(ref top);
        a.mov(eax, 1);
        a.add(edx, eax);
        a.cmp(ecx, 50);
        a.jne(skip);
        a.mov(__dword_ptr[(long)Guest.Code + 5 + 1], 7);
        a.Label(ref skip);
        a.dec(ecx);
        a.jne(top);
        a.hlt();
    }

    [Fact]
    public void Code_write_into_a_translated_block_runs_the_new_code()
    {
        using var vm = Guest.Boot("long", SelfModifyingLoop);
        vm.Translate = true;
        vm.TranslationThreshold = 1;
        Guest.RunToHalt(vm);
        // 51 iterations (ecx 100 down to 50) add 1, the 49 after the write add 7.
        Assert.Equal(51UL + 49 * 7, vm.Cpu.GetRegister(Register.RDX));
        Assert.True(vm.Cpu.Statistics.BlocksTranslated >= 2, $"{vm.Cpu.Statistics.BlocksTranslated} blocks translated");
    }

    [Theory]
    [InlineData(1UL)]
    [InlineData(7UL)]
    [InlineData(250UL)]
    [InlineData(301UL)]
    public void Budget_stop_in_a_translated_loop_lands_on_the_interpreters_instruction(ulong budget)
    {
        using var interpreted = Guest.Boot("long", SelfModifyingLoop);
        using var translated = Guest.Boot("long", SelfModifyingLoop);
        translated.Translate = true;
        translated.TranslationThreshold = 1;
        Assert.Equal(ExitReason.InstructionLimit, interpreted.Run(budget).Reason);
        Assert.Equal(ExitReason.InstructionLimit, translated.Run(budget).Reason);
        Assert.Equal(interpreted.Cpu.InstructionCount, translated.Cpu.InstructionCount);
        Assert.Equal(interpreted.Cpu.Rip, translated.Cpu.Rip);
        Assert.Equal(interpreted.Cpu.GetRegister(Register.RDX), translated.Cpu.GetRegister(Register.RDX));
        Assert.Equal(interpreted.Cpu.RFlags, translated.Cpu.RFlags);
        // The rest of the run ends in the same place.
        Guest.RunToHalt(interpreted);
        Guest.RunToHalt(translated);
        Assert.Equal(interpreted.Cpu.InstructionCount, translated.Cpu.InstructionCount);
        Assert.Equal(interpreted.Cpu.GetRegister(Register.RDX), translated.Cpu.GetRegister(Register.RDX));
    }

    [Fact]
    public void Breakpoint_set_inside_an_already_translated_loop_stops_where_the_interpreter_stops()
    {
        // add edx, eax: the loop block's second instruction (after mov ecx, imm32 and mov eax, imm32).
        const ulong addEdx = Guest.Code + 10;
        using var interpreted = Guest.Boot("long", SelfModifyingLoop);
        using var translated = Guest.Boot("long", SelfModifyingLoop);
        interpreted.Translate = false;
        translated.Translate = true;
        translated.TranslationThreshold = 1;
        Assert.Equal(ExitReason.InstructionLimit, interpreted.Run(40).Reason);
        Assert.Equal(ExitReason.InstructionLimit, translated.Run(40).Reason);
        Assert.True(translated.Cpu.Statistics.BlocksTranslated >= 1, $"{translated.Cpu.Statistics.BlocksTranslated} blocks translated");
        var interpreter = new GuestDebugger(interpreted);
        var translator = new GuestDebugger(translated);
        interpreter.AddBreakpoint(addEdx);
        translator.AddBreakpoint(addEdx);
        for (var stop = 0; stop < 3; stop++)
        {
            Assert.Equal(DebugStopReason.Breakpoint, interpreter.Continue(() => false).Reason);
            Assert.Equal(DebugStopReason.Breakpoint, translator.Continue(() => false).Reason);
            Assert.Equal(addEdx, translated.Cpu.Rip);
            Assert.Equal(interpreted.Cpu.InstructionCount, translated.Cpu.InstructionCount);
            Assert.Equal(interpreted.Cpu.GetRegister(Register.RDX), translated.Cpu.GetRegister(Register.RDX));
        }
    }

    [Fact]
    public void Cold_block_stays_in_the_interpreter()
    {
        using var vm = Guest.Boot("long", a =>
        {
            a.mov(eax, 1);
            a.add(eax, 2);
            a.hlt();
        });
        vm.Translate = true;
        Guest.RunToHalt(vm);
        Assert.Equal(3UL, vm.Cpu.GetRegister(Register.RAX));
        Assert.Equal(0, vm.Cpu.Statistics.BlocksTranslated);
    }
    /// <summary>
    /// A self-loop of 20 instructions, which the translator emits once: each pass's ADC reads the CF that the last pass's
    /// CMP left (DEC keeps it), and the store at the top writes it out, so the flags the back edge publishes are seen.
    /// </summary>
    private static void LongLoopCarryingCf(Assembler a)
    {
        var top = a.CreateLabel();
        a.mov(ecx, 200);
        a.xor(edx, edx);
        a.mov(ebx, 0x200000);
        a.Label(ref top);
        a.adc(edx, 0);
        a.mov(__dword_ptr[rbx], edx);
        for (var i = 0; i < 7; i++)
        {
            a.lea(esi, __dword_ptr[rsi + rcx + i]);
            a.xor(edi, esi);
        }
        a.cmp(ecx, 100);
        a.dec(ecx);
        a.jne(top);
        a.hlt();
    }

    [Theory]
    [InlineData(0UL)]
    [InlineData(31UL)]
    [InlineData(1000UL)]
    public void Long_self_loop_translated_once_keeps_the_flags_one_pass_leaves_the_next(ulong budget)
    {
        using var interpreted = Guest.Boot("long", LongLoopCarryingCf);
        using var translated = Guest.Boot("long", LongLoopCarryingCf);
        translated.Translate = true;
        translated.TranslationThreshold = 1;
        if (budget != 0)
        {
            interpreted.Run(budget);
            translated.Run(budget);
            Assert.Equal(interpreted.Cpu.RFlags, translated.Cpu.RFlags);
        }
        Guest.RunToHalt(interpreted);
        Guest.RunToHalt(translated);
        // The CMP sets CF in the 99 passes from ECX = 99 down; the ADCs of the passes after the first 98 of them add it.
        Assert.Equal(98UL, interpreted.Cpu.GetRegister(Register.RDX));
        foreach (var register in new[] { Register.RDX, Register.RSI, Register.RDI, Register.RCX })
            Assert.Equal(interpreted.Cpu.GetRegister(register), translated.Cpu.GetRegister(register));
        Assert.Equal(interpreted.Cpu.RFlags, translated.Cpu.RFlags);
        Assert.Equal(interpreted.Cpu.InstructionCount, translated.Cpu.InstructionCount);
        Assert.True(translated.Cpu.Statistics.InstructionsTranslated > 2000, $"{translated.Cpu.Statistics.InstructionsTranslated} instructions translated");
    }
}
