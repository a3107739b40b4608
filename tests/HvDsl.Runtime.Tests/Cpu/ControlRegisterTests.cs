using Iced.Intel;

namespace HvDsl.Runtime.Tests.Cpu;

/// <summary>A trap handler writing control registers through IGuestCpu gets the same checks as MOV CR.</summary>
public class ControlRegisterTests
{
    [Fact]
    public void Paging_without_protection_is_refused_and_cr0_is_unchanged()
    {
        using var vm = Vm.WithMemory(1);
        ulong before = vm.Cpu.GetRegister(Register.CR0);

        Assert.False(vm.Cpu.SetRegister(Register.CR0, 0x8000_0000));
        Assert.Equal(before, vm.Cpu.GetRegister(Register.CR0));
    }

    [Fact]
    public void Cr3_write_through_set_register_reads_back()
    {
        using var vm = Vm.WithMemory(1);

        Assert.True(vm.Cpu.SetRegister(Register.CR3, 0x5000));
        Assert.Equal(0x5000UL, vm.Cpu.GetRegister(Register.CR3));
    }
}
