namespace HvDsl.Machines.Pc;

public sealed partial class LocalApic
{
    /// <summary>
    /// The APIC as power-on leaves it, as after a wake from S3: enabled at its default base, its registers at their reset
    /// values, an application processor's waiting for SIPI (SDM vol. 3A 11.4.7.1).
    /// </summary>
    public void PowerOn()
    {
        var bootstrap = (_apicBase & BaseBootstrap) != 0;
        _apicBase = DefaultBase | BaseEnabled;
        Reset();
        SetIdentity((int)_hardwareId, bootstrap);
    }
}
