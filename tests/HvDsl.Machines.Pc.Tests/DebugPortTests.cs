using System.IO;
using HvDsl.Machines.Pc.Tests.Support;
using static Iced.Intel.AssemblerRegisters;

namespace HvDsl.Machines.Pc.Tests;

/// <summary>The Bochs console port 0xE9 and QEMU's isa-debug-exit port 0xF4.</summary>
public sealed class DebugPortTests
{
    [Fact]
    public void Port_e9_write_reaches_the_console()
    {
        var console = new MemoryStream();
        using var pc = Guest.Create(console);
        pc.Out(0xE9, (byte)'!');
        Assert.Equal("!"u8.ToArray(), console.ToArray());
    }

    [Fact]
    public void Port_e9_reads_0xe9_so_a_guest_can_detect_it()
    {
        using var pc = Guest.Create();
        Assert.Equal(0xE9, pc.In(0xE9));
    }

    [Fact]
    public void Port_f4_write_ends_the_run_with_status_value_shifted_left_or_one()
    {
        using var pc = Guest.Create();
        int? reported = null;
        pc.ExitRequested += status => reported = status;
        pc.BootRealMode(a =>
        {
            var spin = a.CreateLabel();
            a.mov(al, 0x10);
            a.@out(0xF4, al);
            a.Label(ref spin);
            a.jmp(spin);
        });
        var exit = pc.Vm.Run(10_000);
        Assert.Equal(0x21, pc.ExitStatus);
        Assert.Equal(0x21, reported);
        Assert.Contains("status 33", exit.Message);
    }

    [Theory]
    [InlineData(2)]
    [InlineData(4)]
    public void Port_f4_word_and_dword_writes_end_the_run_like_byte_writes(int width)
    {
        using var pc = Guest.Create();
        pc.BootRealMode(a =>
        {
            var spin = a.CreateLabel();
            a.mov(eax, 3);
            if (width == 2) a.@out(0xF4, ax);
            else a.@out(0xF4, eax);
            a.Label(ref spin);
            a.jmp(spin);
        });
        var exit = pc.Vm.Run(10_000);
        Assert.Equal(7, pc.ExitStatus);
        Assert.Contains("status 7", exit.Message);
    }
}
