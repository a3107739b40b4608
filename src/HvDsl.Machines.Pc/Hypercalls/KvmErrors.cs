namespace HvDsl.Machines.Pc;

/// <summary>The negative error numbers KVM hypercalls return in RAX (Linux's errno values, include/uapi/linux/kvm_para.h and errno.h).</summary>
internal static class KvmErrors
{
    public const ulong Perm = unchecked((ulong)-1L);
    public const ulong BadHandle = unchecked((ulong)-9L);
    public const ulong Again = unchecked((ulong)-11L);
    public const ulong Fault = unchecked((ulong)-14L);
    public const ulong TooManyOpen = unchecked((ulong)-24L);
    public const ulong OperationNotSupported = unchecked((ulong)-95L);
    public const ulong ConnectionReset = unchecked((ulong)-104L);
    public const ulong TimedOut = unchecked((ulong)-110L);
    public const ulong ConnectionRefused = unchecked((ulong)-111L);
}
