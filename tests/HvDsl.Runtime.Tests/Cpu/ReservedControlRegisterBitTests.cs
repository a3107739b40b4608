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

    /// <summary>Emits MOV to <paramref name="register"/> of its own value with <paramref name="bits"/> set.</summary>
    private static void SetBits(Assembler a, AssemblerRegisterCR register, ulong bits)
    {
        a.mov(rax, register);
        a.mov(rcx, bits);
        a.or(rax, rcx);
        a.mov(register, rax);
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
            SetBits(a, cr4, bits);
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

    [Theory]
    [InlineData(0, 1UL << 29)]       // CR0.NW without CD
    [InlineData(3, 1UL << 36)]       // CR3 in long mode: above MAXPHYADDR (36)
    [InlineData(3, 1UL << 63)]       // CR3: PCID's no-flush bit, without PCIDE
    public void Mov_to_cr0_or_cr3_setting_a_reserved_bit_raises_gp_zero_and_keeps_the_register(int number, ulong bits)
    {
        var (register, name) = number == 0 ? (cr0, Register.CR0) : (cr3, Register.CR3);
        using var vm = BootWithGpHandler(a =>
        {
            SetBits(a, register, bits);
            a.hlt();
        });
        var before = vm.Cpu.GetRegister(name);

        Guest.RunToHalt(vm);

        Assert.Equal(0x6DUL, vm.Cpu.GetRegister(Register.RDI));
        Assert.Equal(before, vm.Cpu.GetRegister(name));
    }

    [Fact]
    public void Trap_handler_writing_a_reserved_cr4_bit_is_refused_like_the_guest()
    {
        using var vm = Vm.WithMemory(1);

        Assert.False(vm.Cpu.SetRegister(Register.CR4, 1UL << 15));
        Assert.Equal(0UL, vm.Cpu.GetRegister(Register.CR4));
    }
}
