using HvDsl.Runtime.Cpu;
using HvDsl.Runtime.Tests.Support;
using Iced.Intel;
using static Iced.Intel.AssemblerRegisters;

namespace HvDsl.Runtime.Tests.Cpu;

/// <summary>Flags a micro-op defers are the ones a later reader sees: a condition, a carry-in, a handler, the state after the run.</summary>
public sealed class DeferredFlagsTests
{
    private static Vm RunLong(System.Action<Assembler> program)
    {
        var vm = Guest.Boot("long", program);
        Guest.RunToHalt(vm);
        return vm;
    }

    [Fact]
    public void Inc_and_dec_keep_the_carry_of_the_add_and_sub_before_them()
    {
        using var vm = RunLong(a =>
        {
            a.mov(eax, -1);
            a.add(eax, 1);     // CF = 1
            a.inc(edx);        // CF kept
            a.setc(bl);
            a.mov(eax, 1);
            a.sub(eax, 1);     // CF = 0
            a.dec(ecx);        // CF kept
            a.setc(bh);
            a.hlt();
        });
        Assert.Equal(1UL, vm.Cpu.GetRegister(Register.BL));
        Assert.Equal(0UL, vm.Cpu.GetRegister(Register.BH));
    }

    [Fact]
    public void Adc_and_sbb_take_the_carry_of_the_compare_before_them()
    {
        using var vm = RunLong(a =>
        {
            a.mov(eax, 1);
            a.cmp(eax, 2);     // borrow: CF = 1
            a.mov(ecx, 10);
            a.adc(ecx, 0);     // 11
            a.cmp(eax, 0);     // CF = 0
            a.mov(edx, 10);
            a.sbb(edx, 0);     // 10
            a.xor(esi, esi);   // CF = 0
            a.mov(edi, 10);
            a.sbb(edi, 0);     // 10
            a.hlt();
        });
        Assert.Equal(11UL, vm.Cpu.GetRegister(Register.ECX));
        Assert.Equal(10UL, vm.Cpu.GetRegister(Register.EDX));
        Assert.Equal(10UL, vm.Cpu.GetRegister(Register.EDI));
    }

    [Fact]
    public void Conditions_read_the_flags_of_the_last_operation_across_linked_blocks()
    {
        using var vm = RunLong(a =>
        {
            var loop = a.CreateLabel();
            var done = a.CreateLabel();
            a.xor(ebx, ebx);
            a.mov(ecx, 5);
            a.Label(ref loop);
            a.add(ebx, 3);
            a.sub(ecx, 1);     // ZF once ECX reaches 0, from the SUB, not the ADD
            a.jz(done);
            a.jmp(loop);
            a.Label(ref done);
            a.cmp(ebx, 15);
            a.sete(dl);
            a.hlt();
        });
        Assert.Equal(15UL, vm.Cpu.GetRegister(Register.EBX));
        Assert.Equal(1UL, vm.Cpu.GetRegister(Register.DL));
    }

    [Fact]
    public void Flags_of_the_last_operation_before_a_budget_stop_are_in_rflags()
    {
        using var vm = Guest.Boot("long", a =>
        {
            a.mov(eax, 0x7FFFFFFF);
            a.add(eax, 1);     // OF, SF, AF, PF set; ZF, CF clear
            a.nop();
            a.hlt();
        });
        vm.Run(2);
        Assert.Equal(RFlags.OF | RFlags.SF | RFlags.AF | RFlags.PF, vm.Cpu.RFlags & RFlags.Arithmetic);
    }
}
