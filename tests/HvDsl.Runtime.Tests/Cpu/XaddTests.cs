using HvDsl.Runtime.Tests.Support;
using Iced.Intel;
using static Iced.Intel.AssemblerRegisters;

namespace HvDsl.Runtime.Tests.Cpu;

/// <summary>XADD writes the old destination to the source and then the sum to the destination (SDM vol. 2D, XADD).</summary>
public sealed class XaddTests
{
    [Fact]
    public void Xadd_of_a_register_with_itself_in_real_mode_leaves_the_doubled_value()
    {
        using var vm = Guest.Boot("real", a =>
        {
            a.mov(eax, 0x12345678);
            a.xadd(eax, eax);
            a.hlt();
        });

        Guest.RunToHalt(vm);

        Assert.Equal(0x2468ACF0UL, vm.Cpu.GetRegister(Register.EAX));
    }

    [Fact]
    public void Xadd_of_two_registers_puts_the_sum_and_its_carry_in_the_destination_and_the_old_destination_in_the_source()
    {
        using var vm = Guest.Boot("long", a =>
        {
            a.mov(eax, 0xFFFF_FFFF);
            a.mov(ecx, 2);
            a.xadd(eax, ecx);
            a.hlt();
        });

        Guest.RunToHalt(vm);

        Assert.Equal(1UL, vm.Cpu.GetRegister(Register.RAX));
        Assert.Equal(0xFFFF_FFFFUL, vm.Cpu.GetRegister(Register.RCX));
        Assert.Equal(1UL, vm.Cpu.RFlags & 1); // CF: the 32-bit sum carried out
    }

    [Fact]
    public void Xadd_to_memory_stores_the_sum_and_returns_the_old_value_in_the_source()
    {
        const ulong data = 0x200000;
        using var vm = Guest.Boot("long", a =>
        {
            a.mov(edx, (uint)data);
            a.mov(__dword_ptr[rdx], 40);
            a.mov(ecx, 2);
            a.xadd(__dword_ptr[rdx], ecx);
            a.hlt();
        });

        Guest.RunToHalt(vm);

        Assert.Equal(42UL, Guest.ReadU64(vm, data));
        Assert.Equal(40UL, vm.Cpu.GetRegister(Register.RCX));
    }
}
