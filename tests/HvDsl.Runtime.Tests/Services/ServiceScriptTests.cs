using System;
using System.Net.Sockets;
using System.Text;
using System.Threading.Tasks;
using HvDsl.Runtime.Services;
using HvDsl.Runtime.Tests.Services.TestServices;

namespace HvDsl.Runtime.Tests.Services;

public class ServiceScriptTests
{
    private static readonly ServiceStep Close = new(ServiceStepKind.Close);

    private static async Task<string> ExchangeAsync(ServiceScript script, string input)
    {
        await using var host = LoopbackHost.Start(new ScriptService(script));
        using Socket client = await host.ConnectAsync("Script");
        await client.SendAsync(Encoding.ASCII.GetBytes(input));
        client.Shutdown(SocketShutdown.Send);
        return Encoding.ASCII.GetString(await LoopbackHost.ReadToCloseAsync(client));
    }

    [Fact]
    public async Task Close_on_connect_ends_the_connection_before_any_line_is_answered()
    {
        var script = new ServiceScript([new(ServiceStepKind.SendText, "hi", Line: true), Close, new(ServiceStepKind.SendText, "never")],
            [new(ServiceStepKind.ReplyLine)]);

        Assert.Equal("hi\r\n", await ExchangeAsync(script, "one\ntwo\n"));
    }

    [Fact]
    public async Task Close_in_the_line_handler_answers_only_the_first_line()
    {
        var script = new ServiceScript([], [new(ServiceStepKind.SendText, "got "), new(ServiceStepKind.ReplyLine), Close, new(ServiceStepKind.SendText, "never")]);

        Assert.Equal("got one\r\n", await ExchangeAsync(script, "one\ntwo\n"));
    }

    [Fact]
    public async Task Reply_line_beside_other_steps_sends_the_line_with_CR_LF_and_alone_echoes_it_byte_for_byte()
    {
        var tagged = new ServiceScript([], [new(ServiceStepKind.SendText, ">"), new(ServiceStepKind.ReplyLine)]);
        var echo = new ServiceScript([], [new(ServiceStepKind.ReplyLine)]);

        Assert.Equal(">a\r\n>b\r\n", await ExchangeAsync(tagged, "a\nb\r\n"));
        Assert.Equal("a\nb\r\n", await ExchangeAsync(echo, "a\nb\r\n"));
    }

    [Fact]
    public void Script_refuses_a_reply_on_connect_and_a_send_without_text()
    {
        Assert.Throws<ArgumentException>(() => new ServiceScript([new(ServiceStepKind.ReplyLine)], []));
        Assert.Throws<ArgumentException>(() => new ServiceScript([], [new(ServiceStepKind.SendText)]));
    }
}
