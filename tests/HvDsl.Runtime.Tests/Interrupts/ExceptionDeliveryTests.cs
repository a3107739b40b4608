using HvDsl.Runtime.Exits;
using HvDsl.Runtime.Tests.Support;
using Iced.Intel;
using static Iced.Intel.AssemblerRegisters;

namespace HvDsl.Runtime.Tests.Interrupts;

public sealed class ExceptionDeliveryTests
{
    private const ulong Handler = 0x180000;

    [Fact]
    public void Page_fault_in_paged_protected_mode_reaches_idt_handler_with_cr2_and_error_code()
    {
        using var vm = Guest.Boot("paged", a =>
        {
            a.mov(__dword_ptr[0x80001234], 7);
            a.hlt();
        });
        vm.Memory.Load(Handler, Guest.Assemble(32, Handler, a =>
        {
            a.pop(ebx);
            a.mov(eax, cr2);
            a.hlt();
        }));
        Idt.Gate32(vm, 14, Handler);
        Guest.RunToHalt(vm);
        Assert.Equal(0x80001234UL, vm.Cpu.GetRegister(Register.EAX));
        Assert.Equal(2UL, vm.Cpu.GetRegister(Register.EBX)); // write, not present, supervisor
    }

    [Fact]
    public void Page_fault_in_long_mode_reports_unmapped_write_address()
    {
        using var vm = Guest.Boot("long", a =>
        {
            a.mov(__qword_ptr[0x40000000], rax);
            a.hlt();
        });
        vm.Memory.Load(Handler, Guest.Assemble(64, Handler, a =>
        {
            a.pop(rbx);
            a.mov(rax, cr2);
            a.hlt();
        }));
        Idt.Gate64(vm, 14, Handler);
        Guest.RunToHalt(vm);
        Assert.Equal(0x40000000UL, vm.Cpu.GetRegister(Register.RAX));
        Assert.Equal(2UL, vm.Cpu.GetRegister(Register.RBX));
    }

    [Fact]
    public void Divide_error_in_long_mode_is_delivered_at_the_faulting_instruction()
    {
        using var vm = Guest.Boot("long", a =>
        {
            a.xor(ecx, ecx);
            a.div(ecx);
            a.hlt();
        });
        vm.Memory.Load(Handler, Guest.Assemble(64, Handler, a =>
        {
            a.mov(rbx, __qword_ptr[rsp]);
            a.hlt();
        }));
        Idt.Gate64(vm, 0, Handler);
        Guest.RunToHalt(vm);
        Assert.Equal(Guest.Code + 2, vm.Cpu.GetRegister(Register.RBX));
    }

    [Fact]
    public void Real_mode_int_goes_through_the_ivt_and_iret_returns()
    {
        using var vm = Guest.Boot("real", a =>
        {
            a.mov(ax, 1);
            a.@int(0x21);
            a.add(ax, 10);
            a.hlt();
        });
        vm.Memory.Load(0x9000, Guest.Assemble(16, 0, a =>
        {
            a.mov(ax, 5);
            a.iret();
        }));
        Idt.Vector(vm, 0x21, 0x900, 0);
        Guest.RunToHalt(vm);
        Assert.Equal(15UL, vm.Cpu.GetRegister(Register.AX));
    }

    [Fact]
    public void Real_mode_word_access_at_offset_ffff_raises_gp()
    {
        using var vm = Guest.Boot("real", a =>
        {
            a.mov(ax, __word_ptr[0xFFFF]);
            a.hlt();
        });
        vm.Memory.Load(0x9000, Guest.Assemble(16, 0, a =>
        {
            a.mov(bx, 13);
            a.hlt();
        }));
        Idt.Vector(vm, 13, 0x900, 0);
        Guest.RunToHalt(vm);
        Assert.Equal(13UL, vm.Cpu.GetRegister(Register.BX));
    }

    [Fact]
    public void Real_mode_word_access_at_offset_ffff_through_ss_raises_stack_fault()
    {
        using var vm = Guest.Boot("real", a =>
        {
            a.xor(bp, bp);
            a.mov(ax, __word_ptr[bp + 0xFFFF]);
            a.hlt();
        });
        vm.Memory.Load(0x9000, Guest.Assemble(16, 0, a =>
        {
            a.mov(bx, 12);
            a.hlt();
        }));
        Idt.Vector(vm, 12, 0x900, 0);
        Guest.RunToHalt(vm);
        Assert.Equal(12UL, vm.Cpu.GetRegister(Register.BX));
    }

    [Fact]
    public void Fault_without_idt_escalates_to_triple_fault_and_stops_the_vm()
    {
        using var vm = Guest.Boot("long", a =>
        {
            a.ud2();
            a.hlt();
        });
        var exit = vm.Run(100);
        Assert.Equal(ExitReason.Shutdown, exit.Reason);
        Assert.Contains("triple fault", exit.Message);
    }

    [Fact]
    public void Fault_in_real_mode_with_zero_ivt_limit_shuts_down()
    {
        using var vm = Guest.Boot("real", a => a.ud2());
        vm.Cpu.Idtr = new HvDsl.Runtime.Cpu.DescriptorTableRegister(0, 0);
        Assert.Equal(ExitReason.Shutdown, vm.Run(100).Reason);
    }
}
