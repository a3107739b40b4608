using HvDsl.Runtime.Cpu;
using HvDsl.Runtime.Exits;
using Iced.Intel;

namespace TinyBoard;

/// <summary>The trap table's hand-written action: CPUID.</summary>
public sealed partial class TinyTrapHandler
{
    /// <summary>The vendor leaf 0 reports, in the order the guest stores EBX, EDX, ECX.</summary>
    public const string Vendor = "TinyBoardCPU";

    // Leaf 0 names the vendor and says no other leaf exists; every other leaf reads zeros.
    private partial ExitAction OnCpuid(IGuestCpu cpu, in VmExit exit)
    {
        var vendor = (uint)cpu.GetRegister(Register.EAX) == 0;
        cpu.SetRegister(Register.RAX, 0);
        cpu.SetRegister(Register.RBX, vendor ? Chars(0) : 0);
        cpu.SetRegister(Register.RDX, vendor ? Chars(4) : 0);
        cpu.SetRegister(Register.RCX, vendor ? Chars(8) : 0);
        return ExitAction.Resume;
    }

    private static ulong Chars(int start) =>
        (uint)(Vendor[start] | Vendor[start + 1] << 8 | Vendor[start + 2] << 16 | Vendor[start + 3] << 24);
}
