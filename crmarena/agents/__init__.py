"""crmarena.agents"""
