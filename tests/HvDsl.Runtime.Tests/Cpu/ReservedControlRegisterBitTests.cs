using HvDsl.Runtime.Tests.Support;
using Iced.Intel;
using static Iced.Intel.AssemblerRegisters;

namespace HvDsl.Runtime.Tests.Cpu;

/// <summary>MOV to CR0, CR3, CR4 and CR8 raises #GP(0) for reserved bits and features the vCPU lacks, and leaves the register as it was.</summary>
public sealed class ReservedControlRegisterBitTests
{
    private const ulong Handler = 0x180000;

    /// <summary>Boots <paramref name="program"/> in long mode with a #GP handler that puts its error code in RBX and CR4 in RSI.</summary>
    private static Vm BootWithGpHandler(System.Action<Assembler> program)
    {
        var vm = Guest.Boot("long", program);
        vm.Memory.Load(Handler, Guest.Assemble(64, Handler, a =>
        {
            a.pop(rbx);
            a.mov(rsi, cr4);
            a.mov(rdi, 0x6D);
            a.hlt();
        }));
        Idt.Gate64(vm, 13, Handler);
        return vm;
    }

    [Theory]
    [InlineData(1UL << 15)]          // reserved
    [InlineData(1UL << 12)]          // LA57: no 5-level paging
    [InlineData(1UL << 17)]          // PCIDE: PCID not advertised
    [InlineData(1UL << 0)]           // VME: no virtual-8086 extensions
    [InlineData(1UL << 32)]          // above bit 31
    [InlineData(0xFFFF_FFFFUL)]      // kvm-unit-tests idt_test's probe
    public void Mov_to_cr4_setting_a_bit_the_vcpu_lacks_raises_gp_zero_and_keeps_cr4(ulong bits)
    {
        using var vm = BootWithGpHandler(a =>
        {
            a.mov(rax, cr4);
            a.mov(rcx, bits);
            a.or(rax, rcx);
            a.mov(cr4, rax);
            a.hlt();
        });

        Guest.RunToHalt(vm);

        Assert.Equal(0x6DUL, vm.Cpu.GetRegister(Register.RDI));
        Assert.Equal(0UL, vm.Cpu.GetRegister(Register.RBX));
        Assert.Equal(0x20UL, vm.Cpu.GetRegister(Register.RSI));
    }

    [Fact]
    public void Mov_to_cr4_with_only_implemented_bits_takes_effect()
    {
        using var vm = BootWithGpHandler(a =>
        {
            a.mov(rax, 0x20 | 0x80 | 0x200 | 0x400 | 0x4); // PAE PGE OSFXSR OSXMMEXCPT TSD
            a.mov(cr4, rax);
            a.hlt();
        });

        Guest.RunToHalt(vm);

        Assert.Equal(0UL, vm.Cpu.GetRegister(Register.RDI));
        Assert.Equal(0x6A4UL, vm.Cpu.Cr4);
    }

    [Fact]
    public void Mov_to_cr8_above_fifteen_raises_gp_zero_and_keeps_the_priority()
    {
        using var vm = BootWithGpHandler(a =>
        {
            a.mov(eax, 5);
            a.mov(cr8, rax);
            a.mov(eax, 16);
            a.mov(cr8, rax);
            a.hlt();
        });

        Guest.RunToHalt(vm);

        Assert.Equal(0x6DUL, vm.Cpu.GetRegister(Register.RDI));
        Assert.Equal(5UL, vm.Cpu.GetRegister(Register.CR8));
    }

    [Fact]
    public void Mov_to_cr0_setting_not_write_through_without_cache_disable_raises_gp_zero()
    {
        using var vm = BootWithGpHandler(a =>
        {
            a.mov(rax, cr0);
            a.or(eax, 1 << 29);
            a.mov(cr0, rax);
            a.hlt();
        });
        var before = vm.Cpu.Cr0;

        Guest.RunToHalt(vm);

        Assert.Equal(0x6DUL, vm.Cpu.GetRegister(Register.RDI));
        Assert.Equal(before, vm.Cpu.Cr0);
    }

    [Theory]
    [InlineData(1UL << 36)]          // above MAXPHYADDR (36)
    [InlineData(1UL << 63)]          // PCID's no-flush bit, without PCIDE
    public void Mov_to_cr3_in_long_mode_setting_a_bit_above_maxphyaddr_raises_gp_zero_and_keeps_cr3(ulong bits)
    {
        using var vm = BootWithGpHandler(a =>
        {
            a.mov(rax, cr3);
            a.mov(rcx, bits);
            a.or(rax, rcx);
            a.mov(cr3, rax);
            a.hlt();
        });
        var before = vm.Cpu.Cr3;

        Guest.RunToHalt(vm);

        Assert.Equal(0x6DUL, vm.Cpu.GetRegister(Register.RDI));
        Assert.Equal(before, vm.Cpu.Cr3);
    }

    [Fact]
    public void Trap_handler_writing_a_reserved_cr4_bit_is_refused_like_the_guest()
    {
        using var vm = Vm.WithMemory(1);

        Assert.False(vm.Cpu.SetRegister(Register.CR4, 1UL << 15));
        Assert.Equal(0UL, vm.Cpu.GetRegister(Register.CR4));
    }
}
