"""crmarena.queries"""
