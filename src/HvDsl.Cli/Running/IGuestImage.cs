using HvDsl.Runtime.Machines;

namespace HvDsl.Cli.Running;

/// <summary>What <c>hvdsl run</c> puts into the machine before its first instruction.</summary>
internal interface IGuestImage
{
    /// <summary>Loads the guest into <paramref name="machine"/> and sets up its boot vCPU.</summary>
    void Boot(IMachine machine);
}
