using HvDsl.Runtime.Tests.Support;
using Iced.Intel;
using static Iced.Intel.AssemblerRegisters;

namespace HvDsl.Runtime.Tests.Cpu;

/// <summary>VERR, VERW, LAR and LSL answer in ZF from the boot GDT (kernel code 0x08, kernel data 0x10, user code 0x18, TSS 0x30, limit 0x3F).</summary>
public sealed class SegmentCheckTests
{
    private const ulong Data = 0x200000;

    /// <summary>Runs <paramref name="program"/> in long mode and returns R8..R13 at its HLT.</summary>
    private static ulong[] Run(System.Action<Assembler> program)
    {
        using var vm = Guest.Boot("long", a =>
        {
            program(a);
            a.hlt();
        });
        Guest.RunToHalt(vm);
        return [vm.Cpu.GetRegister(Register.R8), vm.Cpu.GetRegister(Register.R9), vm.Cpu.GetRegister(Register.R10),
            vm.Cpu.GetRegister(Register.R11), vm.Cpu.GetRegister(Register.R12), vm.Cpu.GetRegister(Register.R13)];
    }

    private static void ZeroFlagInto(Assembler a, AssemblerRegister8 into) => a.setz(into);

    [Fact]
    public void Verw_sets_zf_only_for_a_writable_data_segment_the_selector_may_reach()
    {
        var zf = Run(a =>
        {
            a.mov(eax, (uint)Data);
            a.mov(__word_ptr[rax], 0x10);
            a.verw(__word_ptr[rax]);       // kernel data from memory, as Linux clears CPU buffers
            ZeroFlagInto(a, r8b);
            a.mov(ecx, 0x08);
            a.verw(cx);                    // code is never writable
            ZeroFlagInto(a, r9b);
            a.mov(ecx, 0);
            a.verw(cx);                    // null
            ZeroFlagInto(a, r10b);
            a.mov(ecx, 0x40);
            a.verw(cx);                    // beyond the GDT limit: no fault
            ZeroFlagInto(a, r11b);
            a.mov(ecx, 0x13);
            a.verw(cx);                    // RPL 3 above the data segment's DPL 0
            ZeroFlagInto(a, r12b);
            a.mov(ecx, 0x30);
            a.verw(cx);                    // a TSS is a system segment
            ZeroFlagInto(a, r13b);
        });
        Assert.Equal(new ulong[] { 1, 0, 0, 0, 0, 0 }, zf);
    }

    [Fact]
    public void Verr_sets_zf_for_readable_code_and_data_and_clears_it_for_a_system_segment()
    {
        var zf = Run(a =>
        {
            a.mov(ecx, 0x08);
            a.verr(cx);
            ZeroFlagInto(a, r8b);
            a.mov(ecx, 0x10);
            a.verr(cx);
            ZeroFlagInto(a, r9b);
            a.mov(ecx, 0x30);
            a.verr(cx);
            ZeroFlagInto(a, r10b);
        });
        Assert.Equal(new ulong[] { 1, 1, 0 }, zf[..3]);
    }

    [Fact]
    public void Lar_loads_the_access_rights_and_lsl_the_byte_granular_limit()
    {
        var result = Run(a =>
        {
            a.mov(ecx, 0x1B);
            a.lar(r8d, ecx);               // user code: G, D, P, DPL 3, type 0xA
            ZeroFlagInto(a, r10b);
            a.mov(ecx, 0x1B);
            a.lsl(r9d, ecx);               // 4 KiB granular limit 0xFFFFF
            a.mov(ecx, 0x30);
            a.lsl(r11d, ecx);              // the TSS: byte granular 0x67
        });
        Assert.Equal(0x00C0FA00UL, result[0]);
        Assert.Equal(0xFFFFFFFFUL, result[1]);
        Assert.Equal(1UL, result[2]);
        Assert.Equal(0x67UL, result[3]);
    }

    [Fact]
    public void Lar_of_a_selector_beyond_the_gdt_clears_zf_and_leaves_the_destination()
    {
        var result = Run(a =>
        {
            a.mov(r8, 0x1234);
            a.mov(ecx, 0x48);
            a.lar(r8, rcx);
            ZeroFlagInto(a, r9b);
        });
        Assert.Equal(0x1234UL, result[0]);
        Assert.Equal(0UL, result[1]);
    }
}
