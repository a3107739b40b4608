using HvDsl.Runtime.Cpu;
using HvDsl.Runtime.Tests.Support;
using Iced.Intel;
using static Iced.Intel.AssemblerRegisters;

namespace HvDsl.Runtime.Tests.Modes;

public sealed class ModeTests
{
    [Theory]
    [InlineData("protected")]
    [InlineData("paged")]
    [InlineData("long")]
    public void Sum_loop_runs_to_halt_in_each_mode(string mode)
    {
        using var vm = Guest.Boot(mode, a =>
        {
            var loop = a.CreateLabel();
            a.mov(eax, 0);
            a.mov(ecx, 100);
            a.Label(ref loop);
            a.add(eax, ecx);
            a.dec(ecx);
            a.jnz(loop);
            a.hlt();
        });
        Guest.RunToHalt(vm);
        Assert.Equal(5050UL, vm.Cpu.GetRegister(Register.EAX));
    }

    [Fact]
    public void Real_mode_program_computes_with_segments_and_stack()
    {
        using var vm = Guest.Boot("real", a =>
        {
            a.mov(ax, 0x1234);
            a.push(ax);
            a.mov(bx, 0x2000);
            a.mov(ds, bx);
            a.mov(__word_ptr[0x10], 0xBEEF);
            a.pop(cx);
            a.hlt();
        });
        Guest.RunToHalt(vm);
        Assert.Equal(0x1234UL, vm.Cpu.GetRegister(Register.CX));
        Assert.Equal(0xBEEFUL, Guest.ReadU64(vm, 0x20010) & 0xFFFF);
        Assert.Equal(CpuMode.Real, vm.Cpu.Mode);
    }

    [Fact]
    public void Long_mode_uses_full_64_bit_registers_and_rip_relative_data()
    {
        using var vm = Guest.Boot("long", a =>
        {
            var data = a.CreateLabel();
            a.mov(rax, 0x1122334455667788);
            a.mov(__qword_ptr[data], rax);
            a.mov(rbx, __qword_ptr[data]);
            a.shl(rbx, 4);
            a.hlt();
            a.Label(ref data);
            a.dq(0);
        });
        Guest.RunToHalt(vm);
        Assert.Equal(0x1223344556677880UL, vm.Cpu.GetRegister(Register.RBX));
    }

    [Fact]
    public void Guest_switches_itself_from_real_to_protected_mode()
    {
        using var vm = Vm.WithMemory(4);
        // A GDT at 0x500: null, flat code32 (0x08), flat data (0x10); the pointer at 0x600.
        vm.Memory.Load(0x500, [0, 0, 0, 0, 0, 0, 0, 0, 0xFF, 0xFF, 0, 0, 0, 0x9A, 0xCF, 0, 0xFF, 0xFF, 0, 0, 0, 0x92, 0xCF, 0]);
        vm.Memory.Load(0x600, [0x17, 0, 0x00, 0x05, 0, 0]);
        var code16 = Guest.Assemble(16, 0x7C00, a =>
        {
            a.lgdt(__fword_ptr[0x600]);
            a.mov(eax, cr0);
            a.or(eax, 1);
            a.mov(cr0, eax);
            a.jmp(0x08, 0x7C20);
        });
        var code32 = Guest.Assemble(32, 0x7C20, a =>
        {
            a.mov(ax, 0x10);
            a.mov(ds, ax);
            a.mov(__dword_ptr[0x200000], 0xCAFE);
            a.hlt();
        });
        vm.Memory.Load(0x7C00, code16);
        vm.Memory.Load(0x7C20, code32);
        GuestBoot.Real(vm.Cpu, 0, 0x7C00);
        Guest.RunToHalt(vm);
        Assert.Equal(CpuMode.Protected, vm.Cpu.Mode);
        Assert.Equal(0xCAFEUL, Guest.ReadU64(vm, 0x200000) & 0xFFFFFFFF);
    }
}
