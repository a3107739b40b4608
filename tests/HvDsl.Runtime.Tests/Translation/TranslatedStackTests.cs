using HvDsl.Runtime.Cpu;
using HvDsl.Runtime.Exits;
using HvDsl.Runtime.Tests.Support;
using Iced.Intel;
using static Iced.Intel.AssemblerRegisters;

namespace HvDsl.Runtime.Tests.Translation;

/// <summary>PUSH, POP, CALL and RET of 32-bit code translate natively and keep to the stack segment they run on.</summary>
public sealed class TranslatedStackTests
{
    /// <summary><c>mov ecx, 200; top: push ecx; call sub; pop eax; add ebx, eax; dec ecx; jnz top; hlt; sub: push 5; pop edx; ret</c>.</summary>
    private static Vm StackGuest(bool translate)
    {
        var vm = Guest.Boot("protected", a =>
        {
            var top = a.CreateLabel();
            var sub = a.CreateLabel();
            a.mov(ecx, 200);
            a.Label(ref top);
            a.push(ecx);
            a.call(sub);
            a.pop(eax);
            a.add(ebx, eax);
            a.dec(ecx);
            a.jnz(top);
            a.hlt();
            a.Label(ref sub);
            a.push(5);
            a.pop(edx);
            a.ret();
        });
        vm.Translate = translate;
        vm.TranslationThreshold = 1;
        return vm;
    }

    [Fact]
    public void Stack_instructions_of_32_bit_code_run_translated_without_the_interpreter()
    {
        using var vm = StackGuest(translate: true);
        Guest.RunToHalt(vm);
        Assert.Equal(200UL * 201 / 2, vm.Cpu.GetRegister(Register.EBX));
        Assert.Equal(Guest.Stack, vm.Cpu.GetRegister(Register.ESP));
        Assert.Equal(0, vm.Cpu.Statistics.InstructionsStepped);
        Assert.True(vm.Cpu.Statistics.InstructionsTranslated > 1000, $"{vm.Cpu.Statistics.InstructionsTranslated} instructions translated");
    }

    [Fact]
    public void Translation_made_for_a_32_bit_stack_is_not_used_once_ss_becomes_16_bit()
    {
        using var interpreted = StackGuest(translate: false);
        using var translated = StackGuest(translate: true);
        foreach (var vm in new[] { interpreted, translated })
        {
            Assert.Equal(ExitReason.InstructionLimit, vm.Run(100).Reason);
            // A 16-bit stack at 0x70000 with SP about to wrap: pushes land at 0x7FFFC and below, ESP's top half stays.
            var ss = vm.Cpu.GetSegment(Register.SS);
            vm.Cpu.SetSegment(Register.SS, new SegmentRegister(ss.Selector, 0x70000, 0xFFFF, SegmentRegister.RealMode));
            vm.Cpu.SetRegister(Register.ESP, 0xABCD_0000);
            Guest.RunToHalt(vm);
        }
        Assert.Equal(interpreted.Cpu.GetRegister(Register.EBX), translated.Cpu.GetRegister(Register.EBX));
        Assert.Equal(0xABCD_0000UL, translated.Cpu.GetRegister(Register.ESP));
        Assert.Equal(interpreted.Cpu.InstructionCount, translated.Cpu.InstructionCount);
        Assert.Equal(Guest.ReadU64(interpreted, 0x7FFF8), Guest.ReadU64(translated, 0x7FFF8));
    }
}
