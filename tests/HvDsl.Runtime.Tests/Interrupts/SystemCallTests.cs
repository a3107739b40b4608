using HvDsl.Runtime.Cpu;
using HvDsl.Runtime.Tests.Support;
using Iced.Intel;
using static Iced.Intel.AssemblerRegisters;

namespace HvDsl.Runtime.Tests.Interrupts;

/// <summary>A user-mode program calling a small guest kernel by SYSCALL and by INT 0x80, and what the returns to it leave.</summary>
public sealed class SystemCallTests
{
    private const ulong User = 0x200000;
    private const ulong UserStack = 0x280000;
    private const ulong SyscallEntry = 0x180000;
    private const ulong Int80Entry = 0x190000;
    private const ulong KernelStack = 0x70000;

    [Fact]
    public void User_program_makes_syscall_and_int80_into_long_mode_kernel()
    {
        using var vm = Guest.Boot("long", a =>
        {
            // Kernel: set LSTAR and drop to ring 3 with IRETQ.
            a.mov(ecx, 0xC0000082);
            a.mov(eax, (uint)SyscallEntry);
            a.xor(edx, edx);
            a.wrmsr();
            EnterUser(a, GuestBoot.UserCode64, rflags: 0x202);
        });
        vm.Memory.Load(User, Guest.Assemble(64, User, a =>
        {
            a.mov(eax, 1);
            a.syscall();
            a.mov(ebx, eax);
            a.@int(0x80);
        }));
        vm.Memory.Load(SyscallEntry, Guest.Assemble(64, SyscallEntry, a =>
        {
            a.add(eax, 100);
            a.sysretq();
        }));
        vm.Memory.Load(Int80Entry, Guest.Assemble(64, Int80Entry, a =>
        {
            a.mov(rdx, __qword_ptr[rsp + 8]); // the interrupted CS
            a.hlt();
        }));
        Idt.Gate64(vm, 0x80, Int80Entry, dpl: 3);
        GuestBoot.SetKernelStack(vm, Guest.BootArea, KernelStack);
        Guest.RunToHalt(vm);
        Assert.Equal(101UL, vm.Cpu.GetRegister(Register.RBX));
        Assert.Equal((ulong)GuestBoot.UserCode64, vm.Cpu.GetRegister(Register.RDX));
        Assert.Equal(0, vm.Cpu.Cpl);
        Assert.Equal(KernelStack - 40, vm.Cpu.GetRegister(Register.RSP));
    }

    [Fact]
    public void User_program_calls_protected_mode_kernel_by_int80_with_stack_switch()
    {
        using var vm = Guest.Boot("paged", a =>
        {
            EnterUser(a, GuestBoot.UserCode32, rflags: 0x202);
        });
        vm.Memory.Load(User, Guest.Assemble(32, User, a =>
        {
            a.mov(eax, 7);
            a.@int(0x80);
        }));
        vm.Memory.Load(Int80Entry, Guest.Assemble(32, Int80Entry, a =>
        {
            a.mov(ecx, __dword_ptr[esp + 4]); // the interrupted CS
            a.mov(edx, __dword_ptr[esp + 12]); // the interrupted ESP
            a.hlt();
        }));
        Idt.Gate32(vm, 0x80, Int80Entry, dpl: 3);
        GuestBoot.SetKernelStack(vm, Guest.BootArea, KernelStack);
        Guest.RunToHalt(vm);
        Assert.Equal(7UL, vm.Cpu.GetRegister(Register.EAX));
        Assert.Equal((ulong)GuestBoot.UserCode32, vm.Cpu.GetRegister(Register.ECX));
        Assert.Equal(UserStack, vm.Cpu.GetRegister(Register.EDX));
    }

    [Fact]
    public void Protected_mode_int80_round_trip_returns_to_ring3_by_iret_and_nulls_kernel_data_segments()
    {
        using var vm = Guest.Boot("protected", a =>
        {
            EnterUser(a, GuestBoot.UserCode32, rflags: 0x002);
        });
        vm.Memory.Load(User, Guest.Assemble(32, User, a =>
        {
            a.mov(eax, 1);
            a.@int(0x80);                   // comes back here by IRETD with EAX = 101
            a.mov(ebx, eax);
            a.mov(eax, 2);
            a.@int(0x80);
        }));
        vm.Memory.Load(Int80Entry, Guest.Assemble(32, Int80Entry, a =>
        {
            var last = a.CreateLabel();
            a.cmp(eax, 2);
            a.je(last);
            a.add(eax, 100);
            a.iretd();
            a.Label(ref last);
            a.mov(ecx, ds);                 // IRET to ring 3 nulled the ring-0 DS
            a.mov(edx, __dword_ptr[esp + 12]); // the interrupted ESP, popped and pushed again intact
            a.hlt();
        }));
        Idt.Gate32(vm, 0x80, Int80Entry, dpl: 3);
        GuestBoot.SetKernelStack(vm, Guest.BootArea, KernelStack);
        Guest.RunToHalt(vm);
        Assert.Equal(101UL, vm.Cpu.GetRegister(Register.EBX));
        Assert.Equal(0UL, vm.Cpu.GetRegister(Register.ECX));
        Assert.Equal(UserStack, vm.Cpu.GetRegister(Register.EDX));
        Assert.Equal(KernelStack - 20, vm.Cpu.GetRegister(Register.ESP));
        Assert.Equal(0, vm.Cpu.Cpl);
    }

    [Fact]
    public void Int80_through_a_kernel_only_gate_raises_gp_in_the_kernel()
    {
        using var vm = Guest.Boot("long", a =>
        {
            EnterUser(a, GuestBoot.UserCode64, rflags: 0x202);
        });
        vm.Memory.Load(User, Guest.Assemble(64, User, a => a.@int(0x80)));
        vm.Memory.Load(Int80Entry, Guest.Assemble(64, Int80Entry, a =>
        {
            a.pop(rbx); // error code: IDT entry 0x80, IDT bit set
            a.hlt();
        }));
        Idt.Gate64(vm, 0x80, Int80Entry, dpl: 0);
        Idt.Gate64(vm, 13, Int80Entry, dpl: 0);
        GuestBoot.SetKernelStack(vm, Guest.BootArea, KernelStack);
        Guest.RunToHalt(vm);
        Assert.Equal(0x80UL * 8 + 2, vm.Cpu.GetRegister(Register.RBX));
    }

    [Fact]
    public void Single_step_follows_the_tf_syscall_and_sysret_end_with_a_trap_at_the_ring_3_target_and_none_into_the_kernel()
    {
        const ulong DebugEntry = 0x1A0000;
        using var vm = Guest.Boot("long", a =>
        {
            a.mov(ecx, 0xC0000082);           // LSTAR
            a.mov(eax, (uint)SyscallEntry);
            a.xor(edx, edx);
            a.wrmsr();
            a.mov(ecx, 0xC0000084);           // FMASK: TF
            a.mov(eax, 0x100);
            a.wrmsr();
            a.xor(r15d, r15d);
            a.mov(ecx, (uint)User);
            a.mov(r11d, 0x102);               // TF set by SYSRET
            a.sysretq();
        });
        vm.Memory.Load(User, Guest.Assemble(64, User, a => a.syscall()));
        vm.Memory.Load(SyscallEntry, Guest.Assemble(64, SyscallEntry, a => a.hlt()));
        vm.Memory.Load(DebugEntry, Guest.Assemble(64, DebugEntry, a =>
        {
            a.inc(r15);
            a.mov(rdx, __qword_ptr[rsp + 8]); // the interrupted CS
            a.mov(rbx, __qword_ptr[rsp]);
            a.iretq();
        }));
        Idt.Gate64(vm, 1, DebugEntry);
        GuestBoot.SetKernelStack(vm, Guest.BootArea, KernelStack);

        Guest.RunToHalt(vm);

        Assert.Equal(1UL, vm.Cpu.GetRegister(Register.R15));
        Assert.Equal((ulong)GuestBoot.UserCode64, vm.Cpu.GetRegister(Register.RDX));
        Assert.Equal(User, vm.Cpu.GetRegister(Register.RBX));
    }

    [Fact]
    public void Iretq_to_ring_3_nulls_a_kernel_gs_selector_and_keeps_its_64_bit_base()
    {
        const uint PerCpu = 0x300000;
        using var vm = Guest.Boot("long", a =>
        {
            a.mov(ecx, 0xC0000101);           // IA32_GS_BASE
            a.mov(eax, PerCpu);
            a.xor(edx, edx);
            a.wrmsr();
            a.mov(__dword_ptr[(ulong)PerCpu], 0x1234);
            EnterUser(a, GuestBoot.UserCode64, rflags: 0x2);
        });
        vm.Memory.Load(User, Guest.Assemble(64, User, a =>
        {
            a.mov(ebx, gs);
            a.mov(rax, __qword_ptr.gs[0]);
            a.@int(0x80);
        }));
        vm.Memory.Load(Int80Entry, Guest.Assemble(64, Int80Entry, a => a.hlt()));
        Idt.Gate64(vm, 0x80, Int80Entry, dpl: 3);
        GuestBoot.SetKernelStack(vm, Guest.BootArea, KernelStack);

        Guest.RunToHalt(vm);

        Assert.Equal(0UL, vm.Cpu.GetRegister(Register.RBX)); // the selector is null
        Assert.Equal(0x1234UL, vm.Cpu.GetRegister(Register.RAX));
    }

    /// <summary>
    /// Boots a long-mode kernel with CSTAR = <see cref="SyscallEntry"/> that IRETQs to 32-bit ring-3 code at <see cref="User"/>
    /// (compatibility mode) on a vCPU of <paramref name="vendor"/>, with an INT 0x80 gate and a #UD gate, both to
    /// <see cref="Int80Entry"/>.
    /// </summary>
    private static Vm BootCompatibilityUser(CpuVendor vendor, System.Action<Assembler> user, System.Action<Assembler> cstarEntry, System.Action<Assembler> kernelEntry)
    {
        var vm = Guest.Boot("long", a =>
        {
            a.mov(ecx, 0xC0000083);           // CSTAR
            a.mov(eax, (uint)SyscallEntry);
            a.xor(edx, edx);
            a.wrmsr();
            a.push(GuestBoot.UserData);
            a.push((int)UserStack);
            a.push(0x2);
            a.push(GuestBoot.UserCode32);
            a.push((int)User);
            a.iretq();
        });
        vm.Cpu.Vendor = vendor;
        vm.Memory.Load(User, Guest.Assemble(32, User, user));
        vm.Memory.Load(SyscallEntry, Guest.Assemble(64, SyscallEntry, cstarEntry));
        vm.Memory.Load(Int80Entry, Guest.Assemble(64, Int80Entry, kernelEntry));
        Idt.Gate64(vm, 0x80, Int80Entry, dpl: 3);
        Idt.Gate64(vm, 6, Int80Entry);
        GuestBoot.SetKernelStack(vm, Guest.BootArea, KernelStack);
        return vm;
    }

    [Fact]
    public void Amd_syscall_from_compatibility_mode_enters_64_bit_code_at_cstar_and_sysretl_returns_after_it()
    {
        using var vm = BootCompatibilityUser(CpuVendor.Amd,
            user: a =>
            {
                a.mov(eax, 1);
                a.syscall();
                a.mov(ebx, eax);
                a.@int(0x80);
            },
            cstarEntry: a =>
            {
                a.mov(rdx, 0x1_0000_0002UL);  // 64-bit code only: decoded as 32-bit it is DEC EAX; MOV EDX, 2
                a.add(eax, 100);
                a.sysret();
            },
            kernelEntry: a =>
            {
                a.mov(rsi, __qword_ptr[rsp + 8]); // the interrupted CS
                a.hlt();
            });

        Guest.RunToHalt(vm);

        Assert.Equal(101UL, vm.Cpu.GetRegister(Register.RBX));
        Assert.Equal(0x1_0000_0002UL, vm.Cpu.GetRegister(Register.RDX));
        Assert.Equal((ulong)GuestBoot.UserCode32, vm.Cpu.GetRegister(Register.RSI));
    }

    [Fact]
    public void Intel_syscall_from_compatibility_mode_raises_ud_at_the_syscall()
    {
        using var vm = BootCompatibilityUser(CpuVendor.Intel,
            user: a => a.syscall(),
            cstarEntry: a => a.hlt(),
            kernelEntry: a =>
            {
                a.mov(rbx, __qword_ptr[rsp]);     // the faulting RIP
                a.mov(rsi, __qword_ptr[rsp + 8]); // the interrupted CS
                a.hlt();
            });

        Guest.RunToHalt(vm);

        Assert.Equal(User, vm.Cpu.GetRegister(Register.RBX));
        Assert.Equal((ulong)GuestBoot.UserCode32, vm.Cpu.GetRegister(Register.RSI));
    }

    [Fact]
    public void Amd_sysretl_that_sets_tf_traps_at_the_compatibility_mode_target_and_the_next_syscall_enters_the_kernel()
    {
        const ulong DebugEntry = 0x1A0000;
        using var vm = BootCompatibilityUser(CpuVendor.Amd,
            user: a =>
            {
                a.syscall();
                a.syscall();                  // the single-step trap after SYSRETL comes here
            },
            cstarEntry: a =>
            {
                var second = a.CreateLabel();
                a.test(r15, r15);
                a.jnz(second);
                a.mov(r11d, 0x102);           // TF set by SYSRETL
                a.sysret();
                a.Label(ref second);
                a.@int(0x80);
            },
            kernelEntry: a => a.hlt());
        vm.Memory.Load(DebugEntry, Guest.Assemble(64, DebugEntry, a =>
        {
            a.inc(r15);
            a.mov(rbx, __qword_ptr[rsp]);     // the trapped RIP
            a.mov(rsi, __qword_ptr[rsp + 8]); // the interrupted CS
            a.and(__qword_ptr[rsp + 16], ~0x100); // clear TF
            a.iretq();
        }));
        Idt.Gate64(vm, 1, DebugEntry);

        Guest.RunToHalt(vm);

        Assert.Equal(1UL, vm.Cpu.GetRegister(Register.R15));
        Assert.Equal(User + 2, vm.Cpu.GetRegister(Register.RBX));
        Assert.Equal((ulong)GuestBoot.UserCode32, vm.Cpu.GetRegister(Register.RSI));
    }

    private static void EnterUser(Assembler a, int codeSelector, int rflags) => Guest.EnterUser(a, codeSelector, rflags, User, UserStack);
}
