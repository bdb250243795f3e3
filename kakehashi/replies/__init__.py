"""What the assistant says, made from the knowledge: answers with their sources, the places that
can help and their hours, the reply language. Runs in both servers (the Rasa server's NLG and
the action server); needs neither."""
