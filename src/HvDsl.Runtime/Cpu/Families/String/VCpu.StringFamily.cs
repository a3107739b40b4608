using HvDsl.Runtime.Cpu.Families;
using Iced.Intel;

namespace HvDsl.Runtime.Cpu;

public sealed unsafe partial class VCpu
{
    /// <summary>
    /// The string family (MOVS, CMPS, STOS, LODS, SCAS with their REP prefixes), by code: the SSE2 MOVSD and CMPSD share
    /// mnemonics with MOVSD and CMPSD here and belong to the SSE family.
    /// </summary>
    private static void RegisterString(InstructionTable table)
    {
        table.Family("string");
        table.Add(&String,
            Code.Movsb_m8_m8, Code.Movsw_m16_m16, Code.Movsd_m32_m32, Code.Movsq_m64_m64,
            Code.Cmpsb_m8_m8, Code.Cmpsw_m16_m16, Code.Cmpsd_m32_m32, Code.Cmpsq_m64_m64,
            Code.Stosb_m8_AL, Code.Stosw_m16_AX, Code.Stosd_m32_EAX, Code.Stosq_m64_RAX,
            Code.Lodsb_AL_m8, Code.Lodsw_AX_m16, Code.Lodsd_EAX_m32, Code.Lodsq_RAX_m64,
            Code.Scasb_AL_m8, Code.Scasw_AX_m16, Code.Scasd_EAX_m32, Code.Scasq_RAX_m64);
    }

    private static StepOutcome String(VCpu cpu, ref Instruction ins) => cpu.ExecuteString(ref ins);
}
