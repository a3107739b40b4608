using HvDsl.Machines.Pc;

namespace HvDsl.Cli.Running;

/// <summary>What <c>hvdsl run</c> puts into the machine before its first instruction.</summary>
internal interface IGuestImage
{
    /// <summary>Loads the guest into <paramref name="pc"/> and sets up its boot vCPU.</summary>
    void Boot(PcMachine pc);
}
