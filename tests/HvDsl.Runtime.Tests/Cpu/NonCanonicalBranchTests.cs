using HvDsl.Runtime.Tests.Support;
using Iced.Intel;
using static Iced.Intel.AssemblerRegisters;

namespace HvDsl.Runtime.Tests.Cpu;

/// <summary>In 64-bit code a near JMP, CALL or RET to a non-canonical address raises #GP(0) at the branch with RSP as it was (SDM vol. 2A).</summary>
public sealed class NonCanonicalBranchTests
{
    private const ulong Handler = 0x300000;
    private const ulong NonCanonical = 0xAAAA_AAAA_AAAA_AAAA;

    /// <summary>Runs <paramref name="branch"/> after loading RAX with the non-canonical address; returns the #GP's error code, its RIP and the RSP it interrupted.</summary>
    private static (ulong Error, ulong Rip, ulong Rsp) Fault(System.Action<Assembler> branch, bool translate = false)
    {
        using var vm = Guest.Boot("long", a =>
        {
            a.mov(rax, NonCanonical);
            a.push(rax);
            branch(a);
            a.hlt();
        });
        vm.Memory.Load(Handler, Guest.Assemble(64, Handler, a =>
        {
            a.pop(rbx);
            a.mov(rcx, __qword_ptr[rsp]);
            a.mov(rdx, __qword_ptr[rsp + 24]);
            a.hlt();
        }));
        Idt.Gate64(vm, 13, Handler);
        vm.Translate = translate;
        vm.TranslationThreshold = 1;
        Guest.RunToHalt(vm);
        return (vm.Cpu.GetRegister(Register.RBX), vm.Cpu.GetRegister(Register.RCX), vm.Cpu.GetRegister(Register.RDX));
    }

    // MOV RAX, imm64 (10 bytes) and PUSH RAX (1 byte) come before the branch.
    private const ulong BranchRip = Guest.Code + 11;
    private const ulong PushedRsp = Guest.Stack - 8;

    [Fact]
    public void Jmp_through_memory_to_a_non_canonical_address_raises_gp_0_at_the_jmp()
    {
        Assert.Equal((0UL, BranchRip, PushedRsp), Fault(a => a.jmp(__qword_ptr[rsp])));
    }

    [Fact]
    public void Call_to_a_non_canonical_register_raises_gp_0_at_the_call_before_pushing()
    {
        Assert.Equal((0UL, BranchRip, PushedRsp), Fault(a => a.call(rax)));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Ret_to_a_non_canonical_address_raises_gp_0_at_the_ret_before_popping(bool translate)
    {
        Assert.Equal((0UL, BranchRip, PushedRsp), Fault(a => a.ret(), translate));
    }
}
