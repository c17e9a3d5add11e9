using VeilorQA.Cli;

return await VeilorQaCommand.InvokeAsync(args);
