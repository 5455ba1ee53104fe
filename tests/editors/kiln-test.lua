-- Headless Neovim 0.7 driving `kiln lsp` on the editor fixture project: diagnostics,
-- hover, completion, go to definition, rename and kiln/eval, through Neovim's own LSP
-- client. Run by tests/editors.rs:
--   KILN_BIN=… PROJECT=… OUT_FILE=… nvim --headless -u kiln-test.lua
-- Writes a JSON report to OUT_FILE and exits 0, or 1 with {"ok": false, "error": …}.
local out_file = assert(os.getenv("OUT_FILE"))
local project = assert(os.getenv("PROJECT"))
local kiln = assert(os.getenv("KILN_BIN"))

local function finish(ok, result)
  result.ok = ok
  local f = assert(io.open(out_file, "w"))
  f:write(vim.fn.json_encode(result))
  f:close()
  vim.cmd(ok and "qall!" or "cquit! 1")
end

-- 0-based LSP position of the first `needle` (plain text) in the buffer, plus `delta`.
local function pos_of(bufnr, needle, delta)
  for i, line in ipairs(vim.api.nvim_buf_get_lines(bufnr, 0, -1, false)) do
    local s = string.find(line, needle, 1, true)
    if s then
      return { line = i - 1, character = s - 1 + (delta or 0) }
    end
  end
  error("not found: " .. needle)
end

local function request(bufnr, client_id, method, params)
  local responses, err = vim.lsp.buf_request_sync(bufnr, method, params, 20000)
  assert(responses, method .. " failed: " .. tostring(err))
  local resp = responses[client_id]
  assert(resp, "no response to " .. method)
  assert(not resp.err, method .. " error: " .. vim.inspect(resp.err))
  return resp.result
end

vim.cmd("filetype on")
local ok, err = pcall(function()
  local result = {}
  local client_id = vim.lsp.start_client({
    name = "kiln",
    cmd = { kiln, "lsp" },
    root_dir = project,
  })
  assert(client_id, "start_client failed")
  vim.cmd("edit " .. vim.fn.fnameescape(project .. "/src/app/core.clj"))
  local bufnr = vim.api.nvim_get_current_buf()
  result.filetype = vim.bo[bufnr].filetype
  vim.lsp.buf_attach_client(bufnr, client_id)
  local client = vim.lsp.get_client_by_id(client_id)

  assert(vim.wait(30000, function() return #vim.diagnostic.get(bufnr) > 0 end, 50),
    "timed out waiting for diagnostics")
  result.diagnostics = {}
  for _, d in ipairs(vim.diagnostic.get(bufnr)) do
    table.insert(result.diagnostics, { line = d.lnum, code = d.code, message = d.message, severity = d.severity })
  end

  local uri = vim.uri_from_bufnr(bufnr)
  local function at(needle, delta)
    return { textDocument = { uri = uri }, position = pos_of(bufnr, needle, delta) }
  end

  local hover = request(bufnr, client_id, "textDocument/hover", at("u/greet", 3))
  result.hover = hover.contents.value

  local completion = request(bufnr, client_id, "textDocument/completion", at("u/add 1", 4))
  result.completion = {}
  for _, item in ipairs(completion.items or completion) do
    table.insert(result.completion, item.label)
  end

  local def = request(bufnr, client_id, "textDocument/definition", at("u/greet", 4))
  result.definition = { uri = def[1].uri, line = def[1].range.start.line }

  local eval = client.request_sync("kiln/eval",
    { textDocument = { uri = uri }, position = pos_of(bufnr, "(defn total", 2), mode = "topLevel" }, 20000, bufnr)
  assert(eval and not eval.err, "kiln/eval failed: " .. vim.inspect(eval))
  result.eval = eval.result.value

  local edit = request(bufnr, client_id, "textDocument/rename",
    { textDocument = { uri = uri }, position = pos_of(bufnr, "(defn total", 6), newName = "sum-all" })
  vim.lsp.util.apply_workspace_edit(edit, client.offset_encoding or "utf-16")
  result.renamed_lines = {}
  for _, line in ipairs(vim.api.nvim_buf_get_lines(bufnr, 0, -1, false)) do
    if string.find(line, "sum-all", 1, true) then
      table.insert(result.renamed_lines, line)
    end
  end
  finish(true, result)
end)
if not ok then finish(false, { error = tostring(err) }) end
