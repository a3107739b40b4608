using HvDsl.Runtime.Cpu.Families;
using Iced.Intel;

namespace HvDsl.Runtime.Cpu;

public sealed unsafe partial class VCpu
{
    /// <summary>The SSE/SSE2 integer family (legacy encodings): data movement between XMM registers, memory and general registers.</summary>
    private static void RegisterSse(InstructionTable table)
    {
        table.Family("sse");
        table.Add(&MoveXmm, Mnemonic.Movaps, Mnemonic.Movapd, Mnemonic.Movdqa, Mnemonic.Movups, Mnemonic.Movupd, Mnemonic.Movdqu);
    }
}
