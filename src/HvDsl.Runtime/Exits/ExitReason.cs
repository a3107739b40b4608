namespace HvDsl.Runtime.Exits;

/// <summary>Why the vCPU left guest execution.</summary>
public enum ExitReason
{
    /// <summary>HLT executed at CPL 0; without an instruction, a halt nothing armed can end (<see cref="VmExit.IsEndlessHalt"/>).</summary>
    Halt,
    /// <summary>IN, OUT, INS or OUTS; see <see cref="VmExit.Port"/> and friends.</summary>
    PortIo,
    /// <summary>A load or store hit an MMIO hole that has no device on the MMIO bus.</summary>
    Mmio,
    /// <summary>RDMSR; the index is in <see cref="VmExit.Msr"/>.</summary>
    MsrRead,
    /// <summary>WRMSR; the index is in <see cref="VmExit.Msr"/>, the value in <see cref="VmExit.Value"/>.</summary>
    MsrWrite,
    /// <summary>CPUID.</summary>
    Cpuid,
    /// <summary>MOV to or from CR0, CR2, CR3, CR4 or CR8; the number is in <see cref="VmExit.ControlRegister"/>.</summary>
    ControlRegister,
    /// <summary>LGDT, LIDT, LLDT, LTR, SGDT, SIDT, SLDT or STR.</summary>
    DescriptorTable,
    /// <summary>INVLPG; the linear address is in <see cref="VmExit.Address"/>.</summary>
    Invlpg,
    /// <summary>VMCALL or VMMCALL.</summary>
    Hypercall,
    /// <summary>Any other instruction the trap set names.</summary>
    Trapped,
    /// <summary>
    /// An instruction fetch from a guest-physical address with no RAM or ROM behind it. Loads and stores to unassigned
    /// space do not exit: they read all ones and drop the write, as on a PC bus (counted in <see cref="Cpu.VCpuStatistics.UnassignedAccesses"/>).
    /// </summary>
    UnmappedMemory,
    /// <summary>Triple fault: the processor would shut down. Not resumable.</summary>
    Shutdown,
    /// <summary>The instruction budget of the run is spent. Resumable.</summary>
    InstructionLimit,
    /// <summary>The runtime caught an internal error (a bug, never a guest event); the message says which.</summary>
    InternalError,
}
