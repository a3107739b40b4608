using HvDsl.Runtime.Cpu;
using Iced.Intel;

namespace HvDsl.Runtime.Tests.Differential;

/// <summary><see cref="Alu.Condition"/> against the host's SETcc on random flag values.</summary>
public class ConditionDifferentialTests
{
    private static readonly Code[] SetccByCondition =
    [
        Code.Seto_rm8, Code.Setno_rm8, Code.Setb_rm8, Code.Setae_rm8, Code.Sete_rm8, Code.Setne_rm8, Code.Setbe_rm8, Code.Seta_rm8,
        Code.Sets_rm8, Code.Setns_rm8, Code.Setp_rm8, Code.Setnp_rm8, Code.Setl_rm8, Code.Setge_rm8, Code.Setle_rm8, Code.Setg_rm8,
    ];

    public static TheoryData<int> Conditions => new() { 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15 };

    [Theory]
    [MemberData(nameof(Conditions))]
    public void Condition_matches_setcc_on_the_host(int cc)
    {
        Differential.Check(Instruction.Create(SetccByCondition[cc], Register.AL), o => new CpuState
        {
            Rax = o.Register(), Rbx = o.Register(), Rcx = o.Register(), Rdx = o.Register(), Flags = o.Flags(),
        }, (ref CpuState s) =>
        {
            CpuState.Write(ref s.Rax, 1, Alu.Condition(cc, s.Flags) ? 1UL : 0);
            return default;
        });
    }
}
