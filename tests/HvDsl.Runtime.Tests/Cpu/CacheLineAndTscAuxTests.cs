using HvDsl.Runtime.Cpu;
using HvDsl.Runtime.Tests.Support;
using Iced.Intel;
using static Iced.Intel.AssemblerRegisters;

namespace HvDsl.Runtime.Tests.Cpu;

/// <summary>CLFLUSH, CLFLUSHOPT and CLWB check their operand like a byte read; RDTSCP and RDPID return IA32_TSC_AUX; CPUID says so.</summary>
public sealed class CacheLineAndTscAuxTests
{
    private const ulong Handler = 0x180000;
    private const ulong Data = 0x200000;

    /// <summary>A handler for <paramref name="vector"/> that pops the error code into RBX, reads CR2 into RSI and halts.</summary>
    private static void LoadFaultHandler(Vm vm, int vector)
    {
        vm.Memory.Load(Handler, Guest.Assemble(64, Handler, a =>
        {
            a.pop(rbx);
            a.mov(rsi, cr2);
            a.mov(rdi, vector);
            a.hlt();
        }));
        Idt.Gate64(vm, vector, Handler);
    }

    [Fact]
    public void Cache_line_flushes_of_mapped_memory_leave_it_unchanged_and_fault_nothing()
    {
        using var vm = Guest.Boot("long", a =>
        {
            a.mov(eax, (uint)Data);
            a.mov(__dword_ptr[rax], 0x5A5A);
            a.clflush(__byte_ptr[rax]);
            a.clflushopt(__byte_ptr[rax + 64]);
            a.clwb(__byte_ptr[rax + 128]);
            a.mov(ecx, __dword_ptr[rax]);
            a.hlt();
        });
        LoadFaultHandler(vm, 13);
        LoadFaultHandler(vm, 14);

        Guest.RunToHalt(vm);

        Assert.Equal(0UL, vm.Cpu.GetRegister(Register.RDI));
        Assert.Equal(0x5A5AUL, vm.Cpu.GetRegister(Register.RCX));
    }

    [Theory]
    [InlineData("clflush", 0x4000_0010UL, 14)]       // unmapped: a not-present read fault
    [InlineData("clflushopt", 0x4000_0010UL, 14)]
    [InlineData("clwb", 0x4000_0010UL, 14)]
    [InlineData("clflush", 0x0000_8000_0000_0000UL, 13)] // non-canonical: #GP(0)
    [InlineData("clflushopt", 0x0000_8000_0000_0000UL, 13)]
    [InlineData("clwb", 0x0000_8000_0000_0000UL, 13)]
    public void Cache_line_flush_of_an_unreachable_address_faults_like_a_byte_read(string instruction, ulong address, int vector)
    {
        using var vm = Guest.Boot("long", a =>
        {
            a.mov(rax, address);
            switch (instruction)
            {
                case "clflush": a.clflush(__byte_ptr[rax]); break;
                case "clflushopt": a.clflushopt(__byte_ptr[rax]); break;
                default: a.clwb(__byte_ptr[rax]); break;
            }
            a.hlt();
        });
        LoadFaultHandler(vm, vector);

        Guest.RunToHalt(vm);

        Assert.Equal((ulong)vector, vm.Cpu.GetRegister(Register.RDI));
        Assert.Equal(0UL, vm.Cpu.GetRegister(Register.RBX)); // #PF: not present, read, supervisor; #GP: 0
        if (vector == 14)
            Assert.Equal(address, vm.Cpu.GetRegister(Register.RSI));
    }

    [Fact]
    public void Rdtscp_returns_the_counter_and_tsc_aux_and_rdpid_returns_tsc_aux()
    {
        using var vm = Guest.Boot("long", a =>
        {
            a.mov(ecx, VCpu.Msrs.TscAux);
            a.mov(eax, 0x1234);
            a.xor(edx, edx);
            a.wrmsr();
            a.rdtsc();
            a.mov(r8d, eax);
            a.mov(r9d, edx);
            a.xor(ecx, ecx);
            a.rdtscp();
            a.rdpid(r10);
            a.hlt();
        });
        vm.Cpu.TryWriteMsr(VCpu.Msrs.Tsc, 1UL << 40);

        Guest.RunToHalt(vm);

        var first = (vm.Cpu.GetRegister(Register.R9) << 32) | vm.Cpu.GetRegister(Register.R8);
        var second = (vm.Cpu.GetRegister(Register.RDX) << 32) | vm.Cpu.GetRegister(Register.RAX);
        Assert.True(second >= first && first >= 1UL << 40, $"RDTSCP read {second:X} after RDTSC read {first:X}");
        Assert.Equal(0x1234UL, vm.Cpu.GetRegister(Register.RCX));
        Assert.Equal(0x1234UL, vm.Cpu.GetRegister(Register.R10));
    }

    [Fact]
    public void Reset_returns_tsc_aux_to_zero()
    {
        using var vm = Guest.Boot("long", a => a.hlt());
        Assert.True(vm.Cpu.TryWriteMsr(VCpu.Msrs.TscAux, 0x1234));

        vm.Cpu.Reset();

        Assert.True(vm.Cpu.TryReadMsr(VCpu.Msrs.TscAux, out var aux));
        Assert.Equal(0UL, aux);
    }

    [Fact]
    public void Wrmsr_of_tsc_aux_with_reserved_high_bits_raises_gp_zero()
    {
        using var vm = Guest.Boot("long", a =>
        {
            a.mov(ecx, VCpu.Msrs.TscAux);
            a.mov(eax, 7);
            a.mov(edx, 1);
            a.wrmsr();
            a.hlt();
        });
        LoadFaultHandler(vm, 13);

        Guest.RunToHalt(vm);

        Assert.Equal(13UL, vm.Cpu.GetRegister(Register.RDI));
        Assert.True(vm.Cpu.TryReadMsr(VCpu.Msrs.TscAux, out var aux));
        Assert.Equal(0UL, aux);
    }

    [Fact]
    public void Built_in_cpuid_advertises_clflush_clflushopt_clwb_rdtscp_and_rdpid()
    {
        using var vm = Guest.Boot("long", a =>
        {
            a.xor(eax, eax);
            a.cpuid();
            a.mov(r8d, eax);
            a.mov(eax, 1);
            a.cpuid();
            a.mov(r9d, ebx);
            a.mov(r10d, edx);
            a.mov(eax, 7);
            a.xor(ecx, ecx);
            a.cpuid();
            a.mov(r11d, ebx);
            a.mov(r12d, ecx);
            a.mov(eax, 0x8000_0001);
            a.cpuid();
            a.mov(r13d, edx);
            a.hlt();
        });

        Guest.RunToHalt(vm);

        Assert.Equal(7UL, vm.Cpu.GetRegister(Register.R8));
        Assert.Equal(8UL, (vm.Cpu.GetRegister(Register.R9) >> 8) & 0xFF);
        Assert.NotEqual(0UL, vm.Cpu.GetRegister(Register.R10) & (1 << 19));
        Assert.Equal((1UL << 23) | (1UL << 24), vm.Cpu.GetRegister(Register.R11));
        Assert.Equal(1UL << 22, vm.Cpu.GetRegister(Register.R12));
        Assert.NotEqual(0UL, vm.Cpu.GetRegister(Register.R13) & (1 << 27));
    }
}
