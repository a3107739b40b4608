using HvDsl.Runtime.Cpu;

namespace HvDsl.Runtime.Exits;

/// <summary>Handles VM exits; the generated trap dispatcher implements this.</summary>
public interface ITrapHandler
{
    /// <summary>Handles one exit. <paramref name="cpu"/> is valid only during the call.</summary>
    ExitAction Handle(IGuestCpu cpu, in VmExit exit);
}
