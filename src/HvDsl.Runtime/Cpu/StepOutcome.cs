namespace HvDsl.Runtime.Cpu;

/// <summary>How one instruction ended: what every handler of the instruction table returns to the block loop.</summary>
internal enum StepOutcome : byte
{
    /// <summary>Completed on the straight line: the block goes on with the next instruction.</summary>
    Next,

    /// <summary>Completed, and RIP is the handler's next RIP, which may be anywhere: the block ends there.</summary>
    Branch,

    /// <summary>Did not complete: the fault it recorded is delivered with RIP at the instruction.</summary>
    Fault,

    /// <summary>Did not complete: the exit it recorded goes to the VMM, and the instruction runs again when the VMM has answered.</summary>
    Exit,
}
